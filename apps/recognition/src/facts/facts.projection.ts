import type { Transaction } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { PersonFact } from '@tandem/recognition-domain';
import {
  FeedbackSubmitted,
  GoalAchieved,
  OutcomeVerified,
  SessionCompleted,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from '@tandem/session-tracking-contracts';
import { trainingEntryEvents } from './facts.queries';

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

/** A fact as an event states it: about whom, and what (the event's id, tenant and program are added on recording). */
export type FactOf = Omit<ProgramFact, 'tenantId' | 'programId' | 'eventId'>;

/** How one public event of another service becomes facts (none, one per side, …): a pure mapping of its payload. */
export interface FactSource<C extends IntegrationEventContract<any>> {
  contract: C;
  facts(payload: PayloadOf<C>): FactOf[];
  /** The events whose facts this one corrects (a training-hours correction), read in the same transaction. */
  corrects?(tx: Transaction, payload: PayloadOf<C>): Promise<string[]>;
}

const source = <C extends IntegrationEventContract<any>>(declaration: FactSource<C>): FactSource<C> => declaration;

/**
 * `recognition.facts`, declared once: a consumer projection of session tracking's public events — per contract, the
 * facts its payload states (each keeping the event's id and occurrence time, never the time it is processed),
 * written by `recordFacts` in the consumer's inbox transaction. `activity.subscriber.ts` makes one subscriber per
 * source, which then runs the award policy. (Not an event-store projection: the rebuild command leaves the table as
 * it is; replaying these topics from the beginning into an empty table rebuilds it.)
 */
export const factsProjection = {
  name: 'facts',
  tables: ['recognition.facts'],
  sources: [
    source({
      contract: SessionCompleted,
      facts: (p) => {
        const session = { kind: 'session' as const, occurredAt: p.occurredAt, value: 1, ref: p.sessionId };
        return [
          { ...session, personId: p.mentorUserId, role: 'mentor' as const, counterpart: p.menteeUserId },
          { ...session, personId: p.menteeUserId, role: 'mentee' as const, counterpart: p.mentorUserId },
        ];
      },
    }),
    // A rating is a fact about the side that was rated.
    source({
      contract: FeedbackSubmitted,
      facts: (p) => {
        const ratedMentor = p.raterRole === 'mentee';
        return [{
          kind: 'rating' as const, personId: ratedMentor ? p.mentorUserId : p.menteeUserId, role: ratedMentor ? ('mentor' as const) : ('mentee' as const),
          occurredAt: p.submittedAt, value: p.rating, counterpart: ratedMentor ? p.menteeUserId : p.mentorUserId, ref: p.sessionId,
        }];
      },
    }),
    // A verified outcome of the mentee counts for the mentor (verifiedMenteeOutcomes), at its verification.
    source({
      contract: OutcomeVerified,
      facts: (p) =>
        p.beneficiaryRole !== 'mentee'
          ? []
          : [{ kind: 'outcome' as const, personId: p.mentorUserId, role: 'mentor' as const, occurredAt: p.verifiedAt, value: 1, counterpart: p.menteeUserId, ref: p.outcomeId, detail: p.kind }],
    }),
    source({
      contract: TrainingHoursCredited,
      facts: (p) => [{ kind: 'training' as const, personId: p.userId, role: p.role, occurredAt: p.occurredAt, value: p.minutes, ref: p.entryId }],
    }),
    // A correction sets what the corrected entry credits; awards whose evidence holds that entry are flagged.
    source({
      contract: TrainingHoursCorrected,
      facts: (p) => [{ kind: 'training-correction' as const, personId: p.userId, role: p.role, occurredAt: p.correctedAt, value: p.minutes, ref: p.correctsEntryId }],
      corrects: (tx, p) => trainingEntryEvents(tx, p.tenantId, p.programId, p.userId, p.correctsEntryId),
    }),
    // An achieved goal is a fact about both sides of the pairing.
    source({
      contract: GoalAchieved,
      facts: (p) => {
        const goal = { kind: 'goal' as const, occurredAt: p.achievedAt, value: 1, ref: p.goalId };
        return [
          { ...goal, personId: p.mentorUserId, role: 'mentor' as const, counterpart: p.menteeUserId },
          { ...goal, personId: p.menteeUserId, role: 'mentee' as const, counterpart: p.mentorUserId },
        ];
      },
    }),
  ] as FactSource<IntegrationEventContract<any>>[],
};
