import 'reflect-metadata';
import { IllegalStateError } from '@tandem/kernel';
import { RevokeAwardCommand, RevokeAwardHandler } from '../awards/awards.commands';
import { awardsHarness } from '../testing/awards-harness';
import { mentorHistory } from '../testing/history';
import { RevokeCredentialCommand, RevokeCredentialHandler } from './credentials.commands';
import { CredentialDocuments } from './credentials.queries';
import { verifyOpenBadge } from './open-badge';

const TENANT = 'acme';
const PROGRAM = '6f1d2c3b-0000-4000-8000-0000000000c1';
const context = { tenantId: TENANT, actor: { id: 'pm-1' }, correlationId: 'c-1' };

/**
 * Every award is issued as a signed Open Badges 3.0 credential in its own transaction (real database): verifiable
 * with the service's own documents, revoked with its award or on its own, and no private key anywhere but sealed.
 */
describe('credentials issued for awards (real database)', () => {
  let h: Awaited<ReturnType<typeof awardsHarness>>;
  let documents: CredentialDocuments;
  const credentials = async () =>
    (await h.db.query<{ credential_id: string; badge_id: string; person_id: string; status: string; document: Record<string, any> }>(
      `SELECT credential_id, badge_id, person_id, status, document FROM recognition.credentials WHERE tenant_id = $1 ORDER BY person_id, badge_id`,
      [TENANT],
    )).rows;

  beforeAll(async () => {
    h = await awardsHarness('rc_credentials');
    documents = new CredentialDocuments(h.db, h.keys);
    await h.setUpDefaults(TENANT, PROGRAM);
    for (const delivery of mentorHistory(TENANT, PROGRAM).deliveries) await h.deliver(delivery);
  });
  afterAll(() => h?.close());

  it('issues one credential per award, with the badge, the evidence and a status bit, that verifies', async () => {
    const awards = await h.awards(TENANT, PROGRAM);
    const issued = await credentials();
    expect(issued.map((c) => [c.person_id, c.badge_id])).toEqual(awards.map((a) => [a.person_id, a.badge_id]));
    const champion = issued.find((c) => c.badge_id === 'champion')!;
    expect(champion.document).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'https://tandem.test/recognition/issuers/acme', type: ['Profile'] },
      credentialSubject: { achievement: { type: ['Achievement'], criteria: { narrative: expect.stringContaining('rule version 1') } } },
      credentialStatus: { type: 'BitstringStatusListEntry', statusListCredential: 'https://tandem.test/recognition/status-lists/acme/1' },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'https://tandem.test/recognition/issuers/acme/keys/1' },
    });
    expect(champion.document.evidence.length).toBeGreaterThan(0);
    expect(JSON.stringify(champion.document)).not.toContain('mentor-1'); // the recipient is a salted hash
    expect(await verifyOpenBadge(champion.document, documents.loader())).toMatchObject({ verified: true });
    const published = (await h.outbox(TENANT)).filter((m) => m.event_type.includes('CredentialIssued'));
    expect(published).toHaveLength(issued.length);
  });

  it('revokes the credential with its award, and reports it revoked; a credential revoked twice is 409', async () => {
    const participation = (await credentials()).find((c) => c.person_id === 'mentee-a' && c.badge_id === 'participation')!;
    await new RevokeAwardHandler(h.db, h.store, h.messaging, h.credentials).execute(
      new RevokeAwardCommand(PROGRAM, 'participation', 'mentee-a', 'sessions were test data', '2026-11-03T10:00:00.000Z', context),
    );
    expect((await credentials()).find((c) => c.credential_id === participation.credential_id)!.status).toBe('revoked');
    expect(await verifyOpenBadge(participation.document, documents.loader())).toMatchObject({ verified: false, checks: { signature: { ok: true }, status: { ok: false, revoked: true } } });
    const revoke = new RevokeCredentialHandler(h.db, h.credentials);
    await expect(revoke.execute(new RevokeCredentialCommand(PROGRAM, participation.credential_id, 'again', '2026-11-03T11:00:00.000Z', context))).rejects.toBeInstanceOf(IllegalStateError);
    // The others still verify.
    const other = (await credentials()).find((c) => c.status === 'issued')!;
    expect((await verifyOpenBadge(other.document, documents.loader())).verified).toBe(true);
  });

  it('keeps what a rotated key signed verifiable', async () => {
    const before = (await credentials()).find((c) => c.status === 'issued')!;
    await h.db.transaction((tx) => h.keys.rotate(tx, TENANT, '2026-11-04T00:00:00.000Z'));
    expect((await documents.issuerProfile(TENANT))!.assertionMethod).toEqual([
      'https://tandem.test/recognition/issuers/acme/keys/1', 'https://tandem.test/recognition/issuers/acme/keys/2',
    ]);
    expect((await verifyOpenBadge(before.document, documents.loader())).verified).toBe(true);
  });

  it('keeps the private keys out of every event, outbox message and read model: only sealed', async () => {
    const key = await h.keys.signingKey(h.db, TENANT, '2026-11-05T00:00:00.000Z');
    const everything = await h.db.query<{ text: string }>(
      `SELECT string_agg(t, ' ') AS text FROM (
         SELECT data::text || metadata::text AS t FROM event_store.events
         UNION ALL SELECT payload::text FROM messaging.outbox
         UNION ALL SELECT to_jsonb(c)::text FROM recognition.credentials c
         UNION ALL SELECT public_key_multibase || encode(sealed_secret, 'escape') FROM recognition.issuer_keys) x`,
    );
    expect(key.secretKeyMultibase).toMatch(/^z/);
    expect(everything.rows[0].text).not.toContain(key.secretKeyMultibase);
  });
});
