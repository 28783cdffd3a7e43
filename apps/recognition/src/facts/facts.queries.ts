import type { SqlExecutor } from '@tandem/event-store';
import type { FactKind, PersonFact, RuleRole } from '@tandem/recognition-domain';

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

/**
 * The facts of everyone in a program, per person (a preview or back-fill over the program's whole history); only
 * the kinds (and roles) in `only` when given — see `factsReadBy`.
 */
export async function programFacts(db: SqlExecutor, tenantId: string, programId: string, only?: Map<FactKind, RuleRole[] | null>): Promise<Map<string, PersonFact[]>> {
  const params: unknown[] = [tenantId, programId];
  const filters = [...(only ?? new Map())].map(([kind, roles]) => {
    params.push(kind);
    const byKind = `kind = $${params.length}`;
    if (roles === null) return byKind;
    params.push(roles);
    return `(${byKind} AND role = ANY($${params.length}))`;
  });
  const where = only ? `AND (${filters.length ? filters.join(' OR ') : 'false'})` : '';
  // One row per person with their facts packed as JSON arrays: a million facts parse natively instead of as a
  // million result rows (see bench/scenarios/preview.ts).
  const { rows } = await db.query<{ person_id: string; facts: [string, string, PersonFact['kind'], PersonFact['role'], number, string | null, string | null, string | null][] }>(
    `SELECT person_id, json_agg(json_build_array(event_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), kind, role,
       value::float8, counterpart, ref, detail)) AS facts
     FROM recognition.facts WHERE tenant_id = $1 AND program_id = $2 ${where} GROUP BY person_id ORDER BY person_id`,
    params,
  );
  return new Map(
    rows.map(({ person_id, facts }) => [
      person_id,
      facts.map(([eventId, occurredAt, kind, role, value, counterpart, ref, detail]) => ({ eventId, occurredAt, kind, role, value, counterpart, ref, detail })),
    ]),
  );
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
