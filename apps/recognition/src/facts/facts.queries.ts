import type { SqlExecutor } from '@tandem/event-store';
import type { PersonFact } from '@tandem/recognition-domain';

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

/** The facts of everyone in a program, per person (a preview or back-fill over the program's whole history). */
export async function programFacts(db: SqlExecutor, tenantId: string, programId: string): Promise<Map<string, PersonFact[]>> {
  const { rows } = await db.query<PersonFact & { personId: string }>(
    `SELECT person_id AS "personId", ${FACT_COLUMNS} FROM recognition.facts WHERE tenant_id = $1 AND program_id = $2 ORDER BY person_id`,
    [tenantId, programId],
  );
  const byPerson = new Map<string, PersonFact[]>();
  for (const { personId, ...fact } of rows) {
    const list = byPerson.get(personId);
    if (list) list.push(toFact(fact));
    else byPerson.set(personId, [toFact(fact)]);
  }
  return byPerson;
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
