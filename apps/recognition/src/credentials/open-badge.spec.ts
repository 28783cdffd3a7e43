import { offlineDocumentLoader } from './json-ld';
import { generateSigningKey, OPEN_BADGE_CONTEXT, signCredential, verificationMethod, verifyOpenBadge, type SigningKey } from './open-badge';
import { newStatusList, statusEntry, statusListCredential } from './status-list';

const ISSUER = 'https://tandem.example/issuers/acme';
const LIST = 'https://tandem.example/status-lists/acme/1';

/**
 * The credentials spike (issue #14): an Open Badges 3.0 credential signed with eddsa-rdfc-2022 and verified, every
 * context from installed packages (the ES-module-only Digital Bazaar packages load in jest through its transform and
 * in dist/ through Node's `require` of ES modules — apps/suite-e2e/src/credentials-runtime.e2e-spec.ts), tampering,
 * an undefined term, and a revocation the status list library itself would call "verified".
 */
describe('Open Badges 3.0 credentials (no network)', () => {
  let key: SigningKey;
  const documents = new Map<string, object>();
  const loader = offlineDocumentLoader((url) => documents.get(url));
  const badge = () => ({
    '@context': OPEN_BADGE_CONTEXT,
    id: 'urn:uuid:6a1f8c9e-2d4b-4e7a-9c3f-1b5d7e9a2c4f',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: ISSUER, type: ['Profile'], name: 'Acme Corp' },
    validFrom: '2026-12-01T10:00:00Z',
    name: 'Rising Star',
    credentialStatus: statusEntry(LIST, 42),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: `sha256$${'a'.repeat(64)}`, identityType: 'emailAddress', hashed: true, salt: 'pepper' }],
      achievement: {
        id: 'https://tandem.example/achievements/rising-star',
        type: ['Achievement'],
        name: 'Rising Star',
        description: 'Three consecutive active months',
        criteria: { narrative: '3 consecutive active months and 5 confirmed sessions' },
      },
    },
  });

  beforeAll(async () => {
    key = await generateSigningKey(ISSUER, `${ISSUER}#key-1`);
    const method = verificationMethod(key);
    documents.set(method.id, method);
    documents.set(ISSUER, { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: ISSUER, assertionMethod: [method.id], verificationMethod: [method] });
    const list = await newStatusList();
    documents.set(LIST, await statusListCredential(LIST, list, key, '2026-12-01T00:00:00Z', loader));
  });

  it('signs with a DataIntegrityProof (eddsa-rdfc-2022) that verifies on every check', async () => {
    const signed = await signCredential(badge(), key, loader);
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${ISSUER}#key-1`, proofPurpose: 'assertionMethod' });
    expect(await verifyOpenBadge(signed, loader, new Date('2026-12-02T00:00:00Z'))).toEqual({
      verified: true,
      checks: { signature: { ok: true }, status: { ok: true, revoked: false }, validity: { ok: true }, issuer: { ok: true } },
    });
  });

  it('fails a copy with one field changed', async () => {
    const signed = await signCredential(badge(), key, loader);
    const report = await verifyOpenBadge({ ...signed, name: 'Champion' }, loader, new Date('2026-12-02T00:00:00Z'));
    expect([report.verified, report.checks.signature.ok]).toEqual([false, false]);
  });

  it('refuses to sign, and fails to verify, a property no context defines (safe mode)', async () => {
    const unsigned = badge();
    await expect(signCredential({ ...unsigned, credentialSubject: { ...unsigned.credentialSubject, favouriteColour: 'green' } }, key, loader)).rejects.toThrow(/Safe mode/);
    const signed = await signCredential(unsigned, key, loader);
    const report = await verifyOpenBadge({ ...signed, credentialSubject: { ...(signed.credentialSubject as object), favouriteColour: 'green' } }, loader, new Date('2026-12-02T00:00:00Z'));
    expect([report.verified, report.checks.signature.ok]).toEqual([false, false]);
  });

  it('reports a revoked credential as revoked, though the status library calls its check "verified"', async () => {
    const signed = await signCredential(badge(), key, loader);
    const list = await newStatusList();
    list.setStatus(42, true);
    documents.set(LIST, await statusListCredential(LIST, list, key, '2026-12-02T00:00:00Z', loader));
    const report = await verifyOpenBadge(signed, loader, new Date('2026-12-03T00:00:00Z'));
    expect(report).toMatchObject({ verified: false, checks: { signature: { ok: true }, status: { ok: false, revoked: true } } });
  });

  it('reports dates outside the validity, and a key that is not the issuer’s', async () => {
    const signed = await signCredential(badge(), key, loader);
    expect((await verifyOpenBadge(signed, loader, new Date('2026-11-30T00:00:00Z'))).checks.validity).toEqual({ ok: false, error: 'not valid before 2026-12-01T10:00:00Z' });
    const other = await verifyOpenBadge({ ...signed, issuer: { id: 'https://evil.example/issuer', type: ['Profile'], name: 'Evil' } }, loader, new Date('2026-12-02T00:00:00Z'));
    expect(other.checks.issuer.ok).toBe(false);
  });

  it('loads no context it does not have installed', async () => {
    await expect(loader('https://example.com/context.json')).rejects.toThrow(/refused to load https:\/\/example.com\/context.json/);
    await expect(signCredential({ ...badge(), '@context': [...OPEN_BADGE_CONTEXT, 'https://example.com/context.json'] }, key, loader)).rejects.toThrow();
  });
});
