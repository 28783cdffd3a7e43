import type { Transaction } from '@tandem/event-store';
import type { PersonFact } from '@tandem/recognition-domain';

/** A fact about one person in one program, as recognition keeps it. */
export interface ProgramFact extends PersonFact {
  tenantId: string;
  programId: string;
  personId: string;
}

/**
 * `recognition.facts`: one row per person and public event behind a fact (its id and occurrence time kept as the
 * evidence). A fact already there (same person and event) is left as it is, so a redelivery changes nothing.
 * Returns the people whose facts changed.
 */
export async function recordFacts(tx: Transaction, facts: readonly ProgramFact[]): Promise<string[]> {
  if (facts.length === 0) return [];
  const { rows } = await tx.query<{ person_id: string }>(
    `INSERT INTO recognition.facts (tenant_id, program_id, person_id, event_id, kind, role, occurred_at, value, counterpart, ref, detail)
     SELECT f.tenant_id, f.program_id, f.person_id, f.event_id, f.kind, f.role, date_trunc('milliseconds', f.occurred_at), f.value, f.counterpart, f.ref, f.detail
     FROM jsonb_to_recordset($1::jsonb) AS f(tenant_id text, program_id text, person_id text, event_id text, kind text, role text,
       occurred_at timestamptz, value numeric, counterpart text, ref text, detail text)
     ON CONFLICT DO NOTHING
     RETURNING person_id`,
    [
      JSON.stringify(
        facts.map((f) => ({
          tenant_id: f.tenantId, program_id: f.programId, person_id: f.personId, event_id: f.eventId, kind: f.kind, role: f.role,
          occurred_at: f.occurredAt, value: f.value, counterpart: f.counterpart ?? null, ref: f.ref ?? null, detail: f.detail ?? null,
        })),
      ),
    ],
  );
  return [...new Set(rows.map((r) => r.person_id))];
}
