import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from './json-ld';

/** An Open Badges 3.0 credential's contexts: VC Data Model 2.0, then OB 3.0 (its latest release, 3.0.3). */
export const OPEN_BADGE_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

/** An issuer's Ed25519 key as Multikey: `secretKeyMultibase` is the private part (never logged, published or stored in clear). */
export interface SigningKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** A new Ed25519 key for `controller` (the issuer profile's URL), named `keyId` (a fragment of it). */
export async function generateSigningKey(controller: string, keyId: string): Promise<SigningKey> {
  const pair = await Ed25519Multikey.generate({ id: keyId, controller });
  const exported = await pair.export({ publicKey: true, secretKey: true });
  return { id: exported.id, controller, publicKeyMultibase: exported.publicKeyMultibase, secretKeyMultibase: exported.secretKeyMultibase! };
}

/** The public part of a key, as a Multikey verification method (what the issuer profile publishes). */
export const verificationMethod = (key: Pick<SigningKey, 'id' | 'controller' | 'publicKeyMultibase'>) => ({
  '@context': 'https://w3id.org/security/multikey/v1',
  id: key.id,
  type: 'Multikey',
  controller: key.controller,
  publicKeyMultibase: key.publicKeyMultibase,
});

/**
 * Signs a credential with a `DataIntegrityProof` of the `eddsa-rdfc-2022` cryptosuite (RDF Dataset Canonicalization,
 * by the library). JSON-LD in safe mode: a property no context defines is an error, never silently left unsigned.
 */
export async function signCredential(credential: Record<string, unknown>, key: SigningKey, documentLoader: DocumentLoader): Promise<Record<string, unknown>> {
  const pair = await Ed25519Multikey.from({ type: 'Multikey', ...key });
  return vc.issue({ credential, suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }), documentLoader });
}

export interface VerificationReport {
  verified: boolean;
  checks: {
    /** The proof holds: nothing changed since it was signed, by a key of the issuer's. */
    signature: { ok: boolean; error?: string };
    /** Not revoked: the status list credential verifies and its bit for this credential is not set. */
    status: { ok: boolean; revoked: boolean; error?: string };
    /** `validFrom` ≤ now < `validUntil`. */
    validity: { ok: boolean; error?: string };
    /** The key that signed it is controlled by the issuer the credential names. */
    issuer: { ok: boolean; error?: string };
  };
}

const messageOf = (error: (Error & { errors?: Error[] }) | undefined) => error && (error.errors?.map((e) => e.message).join('; ') || error.message);

/**
 * Verifies an Open Badges 3.0 credential and reports each check. The status check reads the status list's verdict
 * itself: the library reports a successful check (`verified: true`) for a credential whose bit is SET — revoked is
 * `status: true` in its results, and is treated as a failure here.
 */
export async function verifyOpenBadge(credential: Record<string, unknown>, documentLoader: DocumentLoader, now = new Date()): Promise<VerificationReport> {
  const suite = new DataIntegrityProof({ cryptosuite });
  // The status list is read through the library (it verifies the list credential and that its issuer is the
  // credential's) and judged here: `results[].status === true` is a set bit — revoked. The proof is judged apart:
  // the library's verdict on the credential is asked with the status check answered as passed.
  let statusResult: { verified: boolean; error?: Error; results?: { status?: boolean }[] } | undefined;
  const readStatus = async (options: { credential: Record<string, unknown>; documentLoader: DocumentLoader; suite: unknown }) => {
    statusResult = await checkStatus({ ...options, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }).catch((error: Error) => ({ verified: false, error }));
    return { verified: true };
  };
  const proof = await vc.verifyCredential({ credential, suite, documentLoader, now, checkStatus: readStatus }).catch((error: Error) => ({ verified: false, error }));
  const signature = { ok: proof.verified, ...(proof.verified ? {} : { error: messageOf(proof.error) }) };
  const revoked = (statusResult?.results ?? []).some((r) => r.status === true);
  const status = !credential.credentialStatus
    ? { ok: true, revoked: false }
    : { ok: statusResult?.verified === true && !revoked, revoked, ...(statusResult?.verified ? {} : { error: messageOf(statusResult?.error) ?? 'the status list was not read' }) };

  const from = Date.parse(String(credential.validFrom ?? ''));
  const until = credential.validUntil ? Date.parse(String(credential.validUntil)) : Infinity;
  const validity = Number.isNaN(from) ? { ok: false, error: 'validFrom is missing or not a date' }
    : from > now.getTime() ? { ok: false, error: `not valid before ${credential.validFrom}` }
    : until <= now.getTime() ? { ok: false, error: `expired at ${credential.validUntil}` }
    : { ok: true };

  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as { id?: string } | undefined)?.id;
  // The key that signed it must be one its issuer controls (the verification method names its controller).
  const method = (credential.proof as { verificationMethod?: string } | undefined)?.verificationMethod;
  const controller = method ? await documentLoader(method).then((r) => (r.document as { controller?: string }).controller, () => undefined) : undefined;
  const issuer = issuerId && controller === issuerId ? { ok: true } : { ok: false, error: `signed by ${method ?? 'nobody'}, not by a key of ${issuerId}` };

  return { verified: signature.ok && status.ok && validity.ok && issuer.ok, checks: { signature, status, validity, issuer } };
}
