import 'reflect-metadata';
import { PairingStarted, PairingStatusChanged, ParticipantApplied, PublicAcknowledgementConsentChanged } from '@tandem/enrollment-contracts';
import { Database } from '@tandem/event-store';
import { ForbiddenError } from '@tandem/kernel';
import { createTestDataSource } from '@tandem/testing';
import { pairingStarted, pairingStatusChanged } from '../pairings/pairings.projection';
import { requireMentorOf } from '../pairings/pairings.queries';
import { consentChanged, participantApplied } from '../participants/participants.projection';
import { MIGRATIONS } from '../testing/awards-harness';
import { wallPage } from './wall.queries';

/** The consent rules of the wall against the real database (enrollment's events through the real projections). */
describe('recognition wall: consent per program, tenant-wide entries, kudos givers (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  const page = { limit: 50, offset: 0 };
  const at = '2026-11-20T10:00:00.000Z';
  const apply = (applicationId: string, programId: string, userId: string, name: string, consent: boolean, role: 'mentor' | 'mentee' = 'mentor') =>
    db.transaction((tx) =>
      participantApplied(tx, { ...ParticipantApplied.example, tenantId: 'acme', applicationId, programId, role, person: { ...ParticipantApplied.example.person, userId, name }, publicAcknowledgementConsent: consent }),
    );
  const consent = (applicationId: string, programId: string, userId: string, value: boolean) =>
    db.transaction((tx) => consentChanged(tx, { ...PublicAcknowledgementConsentChanged.example, tenantId: 'acme', applicationId, programId, userId, publicAcknowledgementConsent: value }));
  const grant = (programId: string, grantId: string, personId: string) =>
    db.query(
      `INSERT INTO recognition.grants (tenant_id, program_id, grant_id, person_id, kind, badge_id, tier, title, citation, status, granted_at, granted_by, updated_at)
       VALUES ('acme', $1, $2, $3, 'custom', NULL, 'custom', 'Host', 'Hosted the meetup', 'granted', $4, 'pm-1', $4)`,
      [programId, grantId, personId, at],
    );
  const entries = async (filter = {}) => (await wallPage(db, 'acme', filter, page)).items.map((e) => `${e.kind}:${e.personId}:${e.programId ?? 'tenant'}`).sort();

  beforeAll(async () => {
    env = await createTestDataSource('rc_wall', MIGRATIONS);
    db = new Database(env.dataSource);
  });
  afterAll(() => env?.close());

  it('shows an entry only with its person consenting in its program; a withdrawal on any of their applications there wins', async () => {
    await apply('a1', 'p1', 'ada', 'Ada', true);
    await apply('a2', 'p1', 'ada', 'Ada', true, 'mentee');
    await apply('a3', 'p2', 'ada', 'Ada', false);
    await apply('b1', 'p1', 'bo', 'Bo', false);
    await grant('p1', 'g1', 'ada');
    await grant('p2', 'g2', 'ada');
    await grant('p1', 'g3', 'bo');
    await grant('p1', 'g4', 'stranger'); // no application: no consent
    expect(await entries()).toEqual(['grant:ada:p1']);
    await consent('a3', 'p2', 'ada', true);
    await consent('b1', 'p1', 'bo', true);
    expect(await entries()).toEqual(['grant:ada:p1', 'grant:ada:p2', 'grant:bo:p1']);
    await consent('a2', 'p1', 'ada', false); // withdrawn on her mentee application only
    expect(await entries()).toEqual(['grant:ada:p2', 'grant:bo:p1']);
    expect(await wallPage(db, 'globex', {}, page)).toMatchObject({ total: 0, items: [] });
  });

  it('shows a tenant-wide winner only with consent in every program of theirs', async () => {
    await db.query(
      `INSERT INTO recognition.competitions (tenant_id, competition_id, program_id, title, period_start, period_end, min_sessions, status, ballots, winner_id, opened_by, closed_at, updated_at)
       VALUES ('acme', 'c1', NULL, 'Mentor of the Year', $1, $1, 1, 'closed', 3, 'bo', 'admin', $1, $1)`,
      [at],
    );
    expect(await entries({ kind: 'winner' })).toEqual(['winner:bo:tenant']);
    await apply('b2', 'p2', 'bo', 'Bo', false);
    expect(await entries({ kind: 'winner' })).toEqual([]); // no consent in p2: not shown tenant-wide
    await consent('b2', 'p2', 'bo', true);
    expect((await wallPage(db, 'acme', { kind: 'winner' }, page)).items).toMatchObject([{ personName: 'Bo', title: 'Mentor of the Year', programId: null }]);
  });

  it('shows a shared kudos with its message, naming the mentee only when they consent too', async () => {
    await apply('m1', 'p1', 'max', 'Max', false, 'mentee');
    await db.query(
      `INSERT INTO recognition.kudos (tenant_id, program_id, kudos_id, mentor_id, mentee_id, category, message, shared, given_at, updated_at)
       VALUES ('acme', 'p1', 'k1', 'bo', 'max', 'trust', 'Thank you', true, $1, $1), ('acme', 'p1', 'k2', 'bo', 'max', 'expertise', 'Not shared', false, $1, $1)`,
      [at],
    );
    expect((await wallPage(db, 'acme', { kind: 'kudos' }, page)).items).toMatchObject([{ personId: 'bo', text: 'Thank you', category: 'trust', fromName: 'a mentee' }]);
    await consent('m1', 'p1', 'max', true);
    expect((await wallPage(db, 'acme', { kind: 'kudos' }, page)).items).toMatchObject([{ fromName: 'Max' }]);
  });

  it('knows who mentors whom from enrollment: a pairing that ended early no longer allows kudos', async () => {
    const started = { ...PairingStarted.example, tenantId: 'acme', programId: 'p1', pairingId: 'pr1', mentor: { ...PairingStarted.example.mentor, userId: 'bo' }, mentee: { ...PairingStarted.example.mentee, userId: 'max' } };
    await db.transaction(async (tx) => {
      await pairingStarted(tx, started);
      await pairingStarted(tx, started); // redelivered
    });
    await expect(requireMentorOf(db, 'acme', 'p1', 'max', 'bo')).resolves.toBeUndefined();
    await expect(requireMentorOf(db, 'acme', 'p1', 'bo', 'max')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requireMentorOf(db, 'globex', 'p1', 'max', 'bo')).rejects.toBeInstanceOf(ForbiddenError);
    await db.transaction((tx) => pairingStatusChanged(tx, { ...PairingStatusChanged.example, tenantId: 'acme', programId: 'p1', pairingId: 'pr1', from: 'active', to: 'ended-early' }));
    await expect(requireMentorOf(db, 'acme', 'p1', 'max', 'bo')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
