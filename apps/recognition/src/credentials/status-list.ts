import { createCredential, createList, decodeList, VC_BSL_VC_V2_CONTEXT, type BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from './json-ld';
import { signCredential, type SigningKey } from './open-badge';

/** Entries per status list: 131,072 bits (16 KiB before compression), the specification's minimum for privacy. */
export const STATUS_LIST_LENGTH = 131_072;

export const newStatusList = (): Promise<BitstringStatusList> => createList({ length: STATUS_LIST_LENGTH });
export const readStatusList = (encodedList: string): Promise<BitstringStatusList> => decodeList({ encodedList });

/** The credential's `credentialStatus` entry: bit `index` of the revocation list at `listUrl`. */
export const statusEntry = (listUrl: string, index: number) => ({
  id: `${listUrl}#${index}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: listUrl,
});

/** The `BitstringStatusListCredential` publishing `list`, signed by the issuer's key (verifiers check the issuers match). */
export async function statusListCredential(listUrl: string, list: BitstringStatusList, key: SigningKey, validFrom: string, documentLoader: DocumentLoader) {
  const credential = await createCredential({ id: listUrl, list, statusPurpose: 'revocation', context: VC_BSL_VC_V2_CONTEXT });
  return signCredential({ ...credential, issuer: key.controller, validFrom }, key, documentLoader);
}
