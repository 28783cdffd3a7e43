import 'reflect-metadata';
import { Database } from '@tandem/event-store';
import { DEFAULT_BADGE_RULES, evaluateRule, factSelectors, selectFacts, type BadgeRule, type PersonFact } from '@tandem/recognition-domain';
import { createTestDataSource } from '@tandem/testing';
import { MIGRATIONS } from '../testing/awards-harness';
import { recordFacts } from './facts.projection';
import { personFacts, selectedProgramFacts } from './facts.queries';

const TENANT = 'acme';
const PROGRAM = 'p-select';
const KINDS = ['session', 'session', 'session', 'rating', 'outcome', 'goal', 'training'] as const;

/** A seeded generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Histories with many ties (same millisecond), month edges and a few microseconds the store drops. */
function history(seed: number, people: number): (PersonFact & { personId: string })[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
  const facts: (PersonFact & { personId: string })[] = [];
  for (let i = 0; i < people * 30; i++) {
    const day = Math.floor(rnd() * 240);
    const at = Date.parse('2025-01-01T00:00:00Z') + day * 86_400_000 + pick([0, 0, 1, 3_600_000, 86_399_999]);
    const kind = pick(KINDS);
    facts.push({
      personId: `person-${Math.floor(rnd() * people)}`, eventId: `ev-${(i * 7919) % 1000}-${i}`, kind, role: pick(['mentor', 'mentee'] as const),
      occurredAt: new Date(at).toISOString().replace('Z', pick(['', '', '417'])).replace(/(\.\d{3})(\d{3})?$/, '$1$2Z'),
      value: kind === 'rating' ? 1 + Math.floor(rnd() * 5) : kind === 'training' ? 15 * (1 + Math.floor(rnd() * 8)) : 1,
      counterpart: pick(['m-1', 'm-2', 'm-3', 'm-4', null]), ref: `ref-${i % 50}`, detail: pick(['promotion', 'certification']),
    });
  }
  return facts;
}

const RULES: BadgeRule[] = [
  ...DEFAULT_BADGE_RULES.map((b) => b.rule),
  { allOf: [{ fact: 'confirmedSessions', atLeast: 3 }, { fact: 'consecutiveActiveMonths', atLeast: 2, role: 'mentee' }, { fact: 'confirmedSessions', atLeast: 6, role: 'mentor' }] },
  { anyOf: [{ fact: 'distinctMentees', atLeast: 3, role: 'mentor' }, { allOf: [{ fact: 'goalsAchieved', atLeast: 2 }, { fact: 'verifiedMenteeOutcomes', atLeast: 1, outcomeKind: 'certification' }] }] },
  { allOf: [{ fact: 'confirmedSessions', atLeast: 2, withinDays: 30, role: 'mentor' }, { fact: 'distinctMentees', atLeast: 2 }, { fact: 'trainingHours', atLeast: 2 }] },
  { fact: 'consecutiveActiveMonths', atLeast: 4 },
];

/**
 * The program-wide read of a preview or back-fill (`selectedProgramFacts`, SQL) keeps exactly the facts the domain's
 * reference selection keeps, and evaluating them gives what evaluating all of a person's facts gives.
 */
describe('selected facts over a program (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  const facts = history(20261202, 12);
  const people = [...new Set(facts.map((f) => f.personId))].sort();

  beforeAll(async () => {
    env = await createTestDataSource('rc_facts_select', MIGRATIONS);
    db = new Database(env.dataSource);
    await db.transaction((tx) => recordFacts(tx, facts.map((f) => ({ ...f, tenantId: TENANT, programId: PROGRAM }))));
    await recordFactsElsewhere();
  });
  afterAll(() => env?.close());

  const recordFactsElsewhere = () =>
    db.transaction((tx) => recordFacts(tx, facts.slice(0, 40).map((f) => ({ ...f, tenantId: 'globex', programId: PROGRAM }))));

  it('stores occurrence times to the millisecond (what the evaluation reads)', async () => {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM recognition.facts WHERE occurred_at <> date_trunc('milliseconds', occurred_at)`);
    expect(rows[0].n).toBe('0');
  });

  for (const [i, rule] of RULES.entries()) {
    it(`rule ${i}: the SQL selection equals the reference selection, and evaluates like all the facts`, async () => {
      await sameAsReference(rule, 'UTC');
    });
  }

  for (const timeZone of ['America/New_York', 'Asia/Kathmandu']) {
    it(`months in a tenant's reporting time zone (${timeZone}): the same in SQL as in the evaluation`, async () => {
      for (const rule of RULES.filter((r) => JSON.stringify(r).includes('consecutiveActiveMonths'))) await sameAsReference(rule, timeZone);
    });
  }

  async function sameAsReference(rule: BadgeRule, timeZone: string) {
    {
      const selectors = factSelectors(rule);
      const selected = await selectedProgramFacts(db, TENANT, PROGRAM, selectors, timeZone);
      let compared = 0;
      for (const personId of people) {
        const all = await personFacts(db, TENANT, PROGRAM, personId);
        const ids = (list: readonly PersonFact[]) => [...new Set(list.map((f) => f.eventId))].sort();
        expect(ids(selected.get(personId) ?? [])).toEqual(ids(selectFacts(selectors, all, timeZone)));
        expect(evaluateRule(rule, selected.get(personId) ?? [], { timeZone })).toEqual(evaluateRule(rule, all, { timeZone }));
        compared++;
      }
      expect(compared).toBe(people.length);
      expect([...selected.keys()].every((p) => people.includes(p))).toBe(true);
    }
  }
});
