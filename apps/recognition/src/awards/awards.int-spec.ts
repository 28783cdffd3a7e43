import 'reflect-metadata';
import { rebuildReadModels } from '@tandem/event-store';
import { IllegalStateError } from '@tandem/kernel';
import { awardsHarness } from '../testing/awards-harness';
import { mentorHistory, seededShuffle } from '../testing/history';
import { previewRule } from '../badge-rules/badge-rules.commands';
import { RevokeAwardCommand, RevokeAwardHandler } from './awards.commands';

const TENANT = 'acme';
const PROGRAM = '6f1d2c3b-0000-4000-8000-000000000001';
type Harness = Awaited<ReturnType<typeof awardsHarness>>;
const PROGRAM_CREATED = 'program-created';

/** (person, badge, rule version, earned at, evidence ids): what must not depend on the order events arrive in. */
const comparable = (rows: Awaited<ReturnType<Harness['awards']>>) =>
  rows.map((r) => [r.person_id, r.badge_id, r.rule_version, r.earned_at, r.evidence]);

describe('automatic awards from session tracking facts (real database)', () => {
  const history = mentorHistory(TENANT, PROGRAM);

  describe('three seeded shuffled orders, each into a fresh database, then every event a second time', () => {
    const results: unknown[] = [];
    for (const seed of [7, 1234, 987654]) {
      it(`order ${seed}: awards the same, with historical earned-at and evidence`, async () => {
        const h = await awardsHarness(`rc_awards_order_${seed}`);
        try {
          const order = seededShuffle([PROGRAM_CREATED, ...history.deliveries], seed);
          const play = async () => {
            for (const item of order) {
              if (item === PROGRAM_CREATED) await h.setUpDefaults(TENANT, PROGRAM);
              else await h.deliver(item as Exclude<typeof item, string>);
            }
          };
          await play();
          const first = await h.awards(TENANT, PROGRAM);
          const outboxBefore = (await h.outbox(TENANT)).length;
          await play(); // a redelivery of everything awards nothing twice
          expect(await h.awards(TENANT, PROGRAM)).toEqual(first);
          expect((await h.outbox(TENANT)).length).toBe(outboxBefore);
          const awarded = (await h.outbox(TENANT)).filter((m) => m.event_type.includes('BadgeAwarded'));
          expect(awarded.length).toBe(first.length);
          expect(new Set(awarded.map((m) => m.message_key))).toEqual(new Set(['mentor-1', 'mentee-a', 'mentee-b']));
          results.push(comparable(first));
        } finally {
          await h.close();
        }
      });
    }

    it('all orders agree, on the expected awards', () => {
      expect(results).toHaveLength(3);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      const session = (i: number) => history.eventId('session', i);
      const rating = (i: number) => history.eventId('rating', i);
      const outcome = (i: number) => history.eventId('outcome', i);
      expect(results[0]).toEqual([
        ['mentee-a', 'participation', 1, '2026-01-10T10:00:00.000Z', [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: [session(0)] }]],
        ['mentee-b', 'participation', 1, '2026-01-20T10:00:00.000Z', [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: [session(1)] }]],
        ['mentor-1', 'champion', 1, '2026-04-20T09:00:00.000Z', [
          { criterion: 'rule.allOf[0]', fact: 'verifiedMenteeOutcomes', eventIds: [outcome(0), outcome(1)] },
          { criterion: 'rule.allOf[1]', fact: 'averageRating', eventIds: [0, 1, 2, 3, 4, 5].map(rating) },
        ]],
        ['mentor-1', 'participation', 1, '2026-01-10T10:00:00.000Z', [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: [session(0)] }]],
        ['mentor-1', 'rising-star', 1, '2026-03-12T10:00:00.000Z', [
          { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', eventIds: [session(0), session(2), session(3)] },
          { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', eventIds: [0, 1, 2, 3, 4].map(session) },
        ]],
      ]);
    });
  });

  describe('preview, back-fill, corrections and revocation', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await awardsHarness('rc_awards_backfill');
      for (const d of history.deliveries) await h.deliver(d);
      await h.setUpDefaults(TENANT, PROGRAM);
    });
    afterAll(() => h?.close());

    const hoursRule = { fact: 'trainingHours' as const, atLeast: 2, role: 'mentor' as const };
    const context = { tenantId: TENANT, actor: { id: 'pm-1' }, correlationId: 'c-1' };

    it('a preview of a new rule writes nothing and equals the awards its publication back-fills', async () => {
      const preview = await previewRule(h.db, TENANT, PROGRAM, hoursRule, 'UTC');
      expect(preview.evaluatedPeople).toBe(1); // only the mentor has facts the rule reads (training hours as a mentor)
      expect(preview.qualifying).toEqual([
        { personId: 'mentor-1', earnedAt: '2026-01-20T10:00:00.000Z', evidence: [{ criterion: 'rule', fact: 'trainingHours', eventIds: [history.eventId('hours', 0), history.eventId('hours', 1)] }] },
      ]);
      expect((await h.awards(TENANT, PROGRAM)).filter((a) => a.badge_id === 'hours')).toEqual([]);

      const badge = { badgeId: 'hours', name: 'Two hours', tier: 'custom' as const, description: '', rule: hoursRule };
      await h.db.transaction((tx) => h.rules.run(tx, { type: 'CreateBadge', programId: PROGRAM, badge, at: '2026-11-02T10:00:00.000Z', by: 'pm-1' }, context));
      const backFilled = (await h.awards(TENANT, PROGRAM)).filter((a) => a.badge_id === 'hours');
      expect(backFilled.map((a) => ({ personId: a.person_id, earnedAt: a.earned_at, evidence: a.evidence }))).toEqual(preview.qualifying);
    });

    it('a correction of a training-hours credit behind an award flags it for the managers, never removes it', async () => {
      await h.deliver(history.correction());
      const hours = (await h.awards(TENANT, PROGRAM)).find((a) => a.badge_id === 'hours');
      expect(hours).toMatchObject({ person_id: 'mentor-1', status: 'awarded', flagged: true });
      const others = (await h.awards(TENANT, PROGRAM)).filter((a) => a.badge_id !== 'hours');
      expect(others.every((a) => !a.flagged)).toBe(true);
      expect((await h.outbox(TENANT)).filter((m) => m.event_type.includes('AwardFlagged')).map((m) => m.message_key)).toEqual(['mentor-1']);
    });

    it('a manager revokes the flagged award with a reason; a second revocation is 409', async () => {
      const handler = new RevokeAwardHandler(h.db, h.store, h.messaging, h.credentials);
      await handler.execute(new RevokeAwardCommand(PROGRAM, 'hours', 'mentor-1', 'hours were double-counted', '2026-11-03T10:00:00.000Z', context));
      expect((await h.awards(TENANT, PROGRAM)).find((a) => a.badge_id === 'hours')).toMatchObject({ status: 'revoked', flagged: false });
      await expect(handler.execute(new RevokeAwardCommand(PROGRAM, 'hours', 'mentor-1', 'again', '2026-11-03T10:00:00.000Z', context))).rejects.toBeInstanceOf(IllegalStateError);
    });

    it('rebuilds badges and awards (awarded, flagged, revoked) from the event store, row for row, with the events\' own times', async () => {
      const snapshot = async () => {
        const rows: Record<string, unknown[]> = {};
        for (const table of ['badges', 'awards']) rows[table] = (await h.db.query(`SELECT to_jsonb(t)::text AS row FROM recognition.${table} t ORDER BY 1`)).rows;
        return rows;
      };
      const before = await snapshot();
      expect(before.awards.length).toBeGreaterThan(4);
      await h.db.query('DELETE FROM recognition.awards');
      const counts = await rebuildReadModels(h.store, h.db);
      expect(counts.Award).toBeGreaterThan(4);
      expect(await snapshot()).toEqual(before);
      const hours = (await h.awards(TENANT, PROGRAM)).find((a) => a.badge_id === 'hours');
      const { rows } = await h.db.query<{ updated_at: Date; flag_reason: string }>(`SELECT updated_at, flag_reason FROM recognition.awards WHERE badge_id = 'hours'`);
      expect(hours).toMatchObject({ status: 'revoked' });
      expect(rows[0]).toEqual({ updated_at: new Date('2026-11-03T10:00:00.000Z'), flag_reason: 'evidence-corrected' }); // the revocation's time, not the rebuild's
    });

    it('another tenant sees no awards', async () => {
      expect(await h.awards('globex', PROGRAM)).toEqual([]);
    });
  });
});
