import type { QueryRunner } from 'typeorm';
import { DEFAULT_BADGE_RULES } from '@tandem/recognition-domain';
import { previewRule } from '../../apps/recognition/src/badge-rules/badge-rules.commands';
import { BadgeDefinitions1763700000300 } from '../../apps/recognition/src/migrations/1763700000300-badge-definitions';
import { Awards1763700000320 } from '../../apps/recognition/src/migrations/1763700000320-awards';
import { FactsByKind1763700000330 } from '../../apps/recognition/src/migrations/1763700000330-facts-by-kind';
import { comparePairs, type Scenario } from '../lib/harness';
import { freshEventStoreDatabase } from '../lib/infra';
import { now } from '../lib/stats';

const TENANT = 'bench';
const PROGRAM = '00000000-0000-4000-8000-00000000be7c';
const RISING_STAR = DEFAULT_BADGE_RULES[1].rule;

/**
 * The hand-written baseline: the mentors Rising Star's rule (3 consecutive active UTC months and 5 confirmed sessions,
 * as a mentor) qualifies over the program's whole history, in one SQL query on the same table (gaps and islands on the
 * months). Both criteria only grow with history, so "qualifies at some point" = "holds over everything".
 */
const BASELINE_SQL = `
  WITH s AS (
    SELECT person_id, occurred_at FROM recognition.facts WHERE tenant_id = $1 AND program_id = $2 AND kind = 'session' AND role = 'mentor'
  ), months AS (
    SELECT DISTINCT person_id, (extract(year FROM occurred_at AT TIME ZONE 'UTC') * 12 + extract(month FROM occurred_at AT TIME ZONE 'UTC'))::int AS m FROM s
  ), islands AS (
    SELECT person_id, m - row_number() OVER (PARTITION BY person_id ORDER BY m) AS island FROM months
  ), runs AS (
    SELECT person_id, max(n) AS longest FROM (SELECT person_id, count(*) AS n FROM islands GROUP BY person_id, island) r GROUP BY person_id
  )
  SELECT c.person_id FROM (SELECT person_id, count(*) AS n FROM s GROUP BY person_id) c JOIN runs USING (person_id)
  WHERE c.n >= 5 AND runs.longest >= 3 ORDER BY 1`;

/**
 * Preview of a rule over 1M confirmed sessions of one program (2M fact rows: the mentor's and the mentee's), against
 * the hand-written SQL computing the same qualifying set; goals ≤ 10 s and ≥ 0.5×. Half the mentors are active every
 * month, the other half never three months in a row, so the qualifying set is half of them (and is checked equal).
 */
export const previewScenario: Scenario = {
  id: 'preview',
  title: 'Recognition: preview of Rising Star over one program’s sessions vs hand-written SQL',
  async run(ctx) {
    const sessions = ctx.quick ? 100_000 : 1_000_000;
    const mentors = ctx.quick ? 250 : 2_500;
    const handle = await freshEventStoreDatabase('preview');
    try {
      const runner = { query: (sql: string) => handle.db.query(sql) } as unknown as QueryRunner;
      await new BadgeDefinitions1763700000300().up(runner);
      await new Awards1763700000320().up(runner);
      await new FactsByKind1763700000330().up(runner);
      const t0 = now();
      // Session k of mentor p: in month (k mod 24) for odd p, in a month m with m mod 3 ≠ 0 for even p (never 3 in a row).
      await handle.db.query(
        `INSERT INTO recognition.facts (tenant_id, program_id, person_id, event_id, kind, role, occurred_at, value, counterpart, ref)
         SELECT $1, $2, person, md5(i::text), 'session', role, at, 1, other, md5(i::text)
         FROM (
           SELECT i, 'mentor-' || p AS mentor, 'mentee-' || p || '-' || (i % 2) AS mentee,
             timestamptz '2024-01-01 00:00:00+00'
               + make_interval(months => CASE WHEN p % 2 = 1 THEN k % 24 ELSE ((k % 16) / 2) * 3 + 1 + (k % 2) END)
               + make_interval(mins => ((i::bigint * 7919) % 40000)::int) AS at
           FROM generate_series(0, $3 - 1) AS i, LATERAL (SELECT i % $4 AS p, i / $4 AS k) pk
         ) g, LATERAL (VALUES (g.mentor, 'mentor', g.mentee), (g.mentee, 'mentee', g.mentor)) AS v(person, role, other)`,
        [TENANT, PROGRAM, sessions, mentors],
      );
      await handle.db.query(`VACUUM ANALYZE recognition.facts`); // as autovacuum would: index-only scans for both sides
      ctx.log(`[preview] ${sessions} sessions (${sessions * 2} fact rows) of ${mentors} mentors loaded in ${((now() - t0) / 1000).toFixed(1)} s`);

      let oursSet: string[] = [];
      let baselineSet: string[] = [];
      let longestOursSeconds = 0;
      const row = await comparePairs(ctx, {
        id: 'preview',
        scenario: `preview over ${sessions / 1_000_000}M session events`,
        unit: 'sessions/s',
        goal: '≤ 10 s and ≥ 0.5× hand-written SQL',
        minRatio: 0.5,
        pairs: 5,
        async baseline() {
          const start = now();
          const { rows } = await handle.db.query<{ person_id: string }>(BASELINE_SQL, [TENANT, PROGRAM]);
          baselineSet = rows.map((r) => r.person_id);
          return { ops: sessions, seconds: (now() - start) / 1000 };
        },
        async ours() {
          const start = now();
          const preview = await previewRule(handle.db, TENANT, PROGRAM, RISING_STAR, 'UTC');
          const seconds = (now() - start) / 1000;
          longestOursSeconds = Math.max(longestOursSeconds, seconds);
          oursSet = preview.qualifying.map((q) => q.personId).sort();
          return { ops: sessions, seconds, extra: { qualifying: preview.qualifying.length, people: preview.evaluatedPeople } };
        },
      });
      const same = JSON.stringify(oursSet) === JSON.stringify([...baselineSet].sort());
      row.notes.push(`qualifying mentors: preview ${oursSet.length}, SQL ${baselineSet.length}, same set: ${same}; slowest preview ${longestOursSeconds.toFixed(2)} s`);
      row.met = row.met === true && same && longestOursSeconds <= 10;
      return [row];
    } finally {
      await handle.close();
    }
  },
};
