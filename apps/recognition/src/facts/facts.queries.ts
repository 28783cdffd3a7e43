import type { SqlExecutor } from '@tandem/event-store';
import type { FactKind, FactSelector, PersonFact, RuleRole } from '@tandem/recognition-domain';

const FACT_COLUMNS = `event_id AS "eventId", kind, role, occurred_at AS "occurredAt", value::float8 AS value, counterpart, ref, detail`;

const toFact = (row: PersonFact & { occurredAt: string | Date }): PersonFact => ({ ...row, occurredAt: new Date(row.occurredAt).toISOString() });

/** Every fact about one person in one program. */
export async function personFacts(db: SqlExecutor, tenantId: string, programId: string, personId: string): Promise<PersonFact[]> {
  const { rows } = await db.query<PersonFact>(
    `SELECT ${FACT_COLUMNS} FROM recognition.facts WHERE tenant_id = $1 AND program_id = $2 AND person_id = $3`,
    [tenantId, programId, personId],
  );
  return rows.map(toFact);
}

type Row = { person_id: string; event_id: string; occurred_at: string; kind: FactKind; role: RuleRole; value: number; counterpart: string | null; ref: string | null; detail: string | null };

const COLUMNS = `person_id, event_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at, kind, role,
  value::float8 AS value, counterpart, ref, detail`;

/**
 * The SQL of `selectFacts` (fact-selection.ts) over a whole program: one query per distinct filter (kind, role,
 * outcome kind) of the selectors, which walks `facts_by_kind` in the evaluation's order (person, occurrence time,
 * event id in code-unit order) and keeps, in one pass, the first N facts of each person, the first of each month
 * (in `timeZone`, cut by PostgreSQL's `date_trunc`: the IANA zone database the evaluation uses too), the first with
 * each counterpart, or all of them.
 */
export function selectedFactsQueries(selectors: readonly FactSelector[]): { sql: string; params: unknown[] }[] {
  const groups = new Map<string, FactSelector[]>();
  for (const s of selectors) {
    const key = JSON.stringify([s.kind, s.role ?? null, s.detail ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => {
    const [{ kind, role, detail }] = group;
    const params: unknown[] = [kind];
    const filter = [`kind = $4`, ...(role ? [`role = $${params.push(role) + 3}`] : []), ...(detail ? [`detail = $${params.push(detail) + 3}`] : [])].join(' AND ');
    const from = `recognition.facts WHERE tenant_id = $1 AND program_id = $2 AND ${filter} AND $3::text IS NOT NULL`;
    if (group.some((s) => s.keep === 'all')) return { sql: `SELECT ${COLUMNS} FROM ${from} ORDER BY person_id`, params };
    const first = Math.max(0, ...group.map((s) => (typeof s.keep === 'object' ? s.keep.first : 0)));
    const perMonth = group.some((s) => s.keep === 'firstPerMonth');
    const perCounterpart = group.some((s) => s.keep === 'firstPerCounterpart');
    const order = `ORDER BY occurred_at, event_id COLLATE "C"`;
    const windows = [
      ...(first > 0 ? [`row_number() OVER w AS n`] : []),
      ...(perMonth ? [`lag(month) OVER w AS previous_month`] : []),
      ...(perCounterpart ? [`row_number() OVER (PARTITION BY person_id, counterpart ${order}) AS nc`] : []),
    ];
    const kept = [
      ...(first > 0 ? [`n <= $${params.push(first) + 3}::int`] : []),
      ...(perMonth ? [`previous_month IS DISTINCT FROM month`] : []),
      ...(perCounterpart ? [`nc = 1`] : []),
    ];
    const sql = `
      SELECT ${COLUMNS} FROM (
        SELECT f.*, ${windows.join(', ')} FROM (
          SELECT person_id, event_id, occurred_at, kind, role, value, counterpart, ref, detail${perMonth ? `, date_trunc('month', occurred_at, $3::text) AS month` : ''}
          FROM ${from}
        ) f WINDOW w AS (PARTITION BY person_id ${order})
      ) x WHERE ${kept.join(' OR ')} ORDER BY person_id`;
    return { sql, params };
  });
}

const toPersonFact = (r: Row): PersonFact => ({
  eventId: r.event_id, kind: r.kind, role: r.role, occurredAt: r.occurred_at, value: r.value, counterpart: r.counterpart, ref: r.ref, detail: r.detail,
});

/**
 * Everyone in a program with the facts `selectors` keep for them (a preview or back-fill over the program's whole
 * history), by person in person order. Runs on `db` as it is: the pool for a preview, the command's transaction for
 * a back-fill (which must see its own writes).
 */
export async function selectedProgramFacts(
  db: SqlExecutor,
  tenantId: string,
  programId: string,
  selectors: readonly FactSelector[],
  timeZone: string,
): Promise<Map<string, PersonFact[]>> {
  const people = new Map<string, PersonFact[]>();
  for (const { sql, params } of selectedFactsQueries(selectors)) {
    const { rows } = await db.query<Row>(sql, [tenantId, programId, timeZone, ...params]);
    let person: string | undefined;
    let facts: PersonFact[] = [];
    for (const row of rows) {
      if (row.person_id !== person) {
        person = row.person_id;
        facts = people.get(person) ?? [];
        if (facts.length === 0) people.set(person, facts);
      }
      facts.push(toPersonFact(row));
    }
  }
  return new Map([...people].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The events behind a training-hours entry of one person (what a correction of that entry touches). */
export async function trainingEntryEvents(db: SqlExecutor, tenantId: string, programId: string, personId: string, entryId: string): Promise<string[]> {
  const { rows } = await db.query<{ event_id: string }>(
    `SELECT event_id FROM recognition.facts WHERE tenant_id = $1 AND program_id = $2 AND person_id = $3 AND kind = 'training' AND ref = $4`,
    [tenantId, programId, personId, entryId],
  );
  return rows.map((r) => r.event_id);
}

/** The programs in which a person has facts or awards. */
export async function programsOfPerson(db: SqlExecutor, tenantId: string, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ program_id: string }>(
    `SELECT program_id FROM recognition.facts WHERE tenant_id = $1 AND person_id = $2
     UNION SELECT program_id FROM recognition.awards WHERE tenant_id = $1 AND person_id = $2 ORDER BY program_id`,
    [tenantId, personId],
  );
  return rows.map((r) => r.program_id);
}
