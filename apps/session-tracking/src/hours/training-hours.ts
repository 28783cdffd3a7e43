import { Injectable } from '@nestjs/common';
import { Database, deterministicId, EventStore, executeCommand, newId, type CommandContext, type Transaction } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { TrainingHoursCorrected, TrainingHoursCredited } from '@tandem/session-tracking-contracts';
import {
  DEFAULT_TRAINING_HOURS_POLICY,
  SIDES,
  trainingHoursDecider,
  trainingHoursStreamId,
  type TrainingHoursCommand,
  type TrainingHoursEvent,
} from '@tandem/session-tracking-domain';
import { findPairing, userIdOf, type PairingRow } from '../pairings/pairings';
import { Outbox } from '../shared/outbox';

export interface LedgerEntryRow {
  entryId: string;
  kind: 'credit' | 'correction';
  programId: string;
  userId: string;
  role: string;
  pairingId: string;
  sessionId: string;
  correctsEntryId: string | null;
  month: string;
  occurredAt: Date | null;
  sessionMinutes: number;
  minutes: number;
  capped: boolean;
  reason: string | null;
  recordedBy: string;
  recordedAt: Date;
}

const ENTRY_COLUMNS = `entry_id AS "entryId", kind, program_id AS "programId", user_id AS "userId", role, pairing_id AS "pairingId",
  session_id AS "sessionId", corrects_entry_id AS "correctsEntryId", month, occurred_at AS "occurredAt", session_minutes AS "sessionMinutes",
  minutes, capped, reason, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/**
 * Training hours: confirmed session time credited to both sides' ledgers (one event-sourced ledger per person and
 * program), corrected by program managers with new entries. The ledger rows are append-only (a trigger refuses
 * UPDATE and DELETE).
 */
@Injectable()
export class TrainingHoursLedger {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    private readonly db: Database,
  ) {}

  /** Credits a confirmed session to the mentor's and the mentee's ledgers, inside the confirmation's transaction. */
  async creditSession(tx: Transaction, context: CommandContext, pairing: PairingRow, session: { sessionId: string; occurredAt: string; minutes: number }, at: string) {
    for (const side of SIDES) {
      const userId = userIdOf(pairing, side);
      await this.run(context, pairing, {
        type: 'CreditSession', programId: pairing.programId, userId, role: side, pairingId: pairing.pairingId,
        entryId: deterministicId(context.tenantId, 'training-hours', session.sessionId, userId),
        sessionId: session.sessionId, occurredAt: session.occurredAt, minutes: session.minutes, policy: DEFAULT_TRAINING_HOURS_POLICY, at,
      }, tx);
    }
  }

  /** A program manager's correction of one credit entry: a new entry, never an edit. */
  async correct(context: CommandContext, programId: string, userId: string, correctsEntryId: string, minutes: number, reason: string, at: string) {
    const entry = (await this.entries(context.tenantId, programId, userId)).find((e) => e.entryId === correctsEntryId);
    if (!entry) throw new NotFoundError(`Ledger entry ${correctsEntryId} not found in ${userId}'s ledger for this program`, 'training_hours.entry_not_found');
    const pairing = await findPairing(this.db, context.tenantId, entry.pairingId);
    if (!pairing) throw new NotFoundError(`Pairing ${entry.pairingId} not found`, 'pairing.not_found');
    const entryId = context.idempotencyKey ? deterministicId(context.tenantId, 'training-hours-correction', context.idempotencyKey) : newId();
    // Its own transaction (the pipeline retries it on a concurrent credit to the same ledger).
    await this.run(context, pairing, { type: 'CorrectEntry', programId, userId, entryId, correctsEntryId, minutes, reason, by: context.actor.id, at });
    return entryId;
  }

  private async run(context: CommandContext, pairing: PairingRow, command: TrainingHoursCommand, tx?: Transaction) {
    const ref = { tenantId: context.tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    return executeCommand(this.store, trainingHoursDecider, {
      streamId: trainingHoursStreamId(command.programId, command.userId),
      command,
      context,
      tx,
      publish: (decided) =>
        decided.map(({ event, eventId, metadata }) => {
          const cause = { eventId, metadata };
          const d = event.data;
          switch (event.type) {
            case 'TrainingHoursCredited':
              return this.outbox.message(TrainingHoursCredited, {
                ...ref, entryId: d.entryId, userId: d.userId, role: d.role, sessionId: d.sessionId, occurredAt: event.data.occurredAt, month: d.month,
                sessionMinutes: d.sessionMinutes, minutes: event.data.minutes, capped: event.data.capped, policy: event.data.policy, creditedAt: event.data.at,
              }, cause);
            case 'TrainingHoursCorrected':
              return this.outbox.message(TrainingHoursCorrected, {
                ...ref, entryId: d.entryId, correctsEntryId: event.data.correctsEntryId, userId: d.userId, role: d.role, sessionId: d.sessionId,
                month: d.month, deltaMinutes: event.data.deltaMinutes, minutes: event.data.minutes, correctedBy: event.data.by, correctedAt: event.data.at,
              }, cause);
          }
        }),
      project: (decided, _state, t) => this.project(t, context.tenantId, decided.map((d) => d.event)),
    });
  }

  private async project(tx: Transaction, tenantId: string, events: TrainingHoursEvent[]) {
    for (const event of events) {
      const d = event.data;
      const credit = event.type === 'TrainingHoursCredited';
      await tx.query(
        `INSERT INTO session_tracking.training_hours_entries
           (tenant_id, entry_id, program_id, user_id, role, pairing_id, session_id, kind, corrects_entry_id, month, occurred_at,
            session_minutes, minutes, capped, reason, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          tenantId, d.entryId, d.programId, d.userId, d.role, d.pairingId, d.sessionId, credit ? 'credit' : 'correction',
          credit ? null : event.data.correctsEntryId, d.month, credit ? event.data.occurredAt : null, d.sessionMinutes,
          credit ? event.data.minutes : event.data.deltaMinutes, credit ? event.data.capped : false,
          credit ? null : event.data.reason, credit ? 'system:session-tracking' : event.data.by, d.at,
        ],
      );
    }
  }

  async entries(tenantId: string, programId: string, userId: string): Promise<LedgerEntryRow[]> {
    const { rows } = await this.db.query<LedgerEntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM session_tracking.training_hours_entries
       WHERE tenant_id = $1 AND program_id = $2 AND user_id = $3 ORDER BY recorded_at, entry_id`,
      [tenantId, programId, userId],
    );
    return rows;
  }
}

/** ISO-8601 duration of whole minutes: 90 → `PT1H30M`. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

export interface XapiContext {
  tenantId: string;
  programId: string;
  programName: string | null;
  userId: string;
  name: string | null;
}

const XAPI_BASE = 'https://tandem.dev';
export const XAPI_VERBS = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
} as const;

/**
 * A person's credited training hours as xAPI 1.0.3 statements for an LMS / LRS: one `completed` statement per
 * credited session with its current duration (`result.duration`, ISO-8601). Statement ids are derived from the
 * ledger entry and its correction count, so re-exporting is idempotent in an LRS; when a correction changes an
 * entry, the superseded statement is voided (`voided` verb, StatementRef) and a new one states the new duration.
 */
export function toXapiStatements(entries: LedgerEntryRow[], who: XapiContext): Record<string, unknown>[] {
  const actor = {
    objectType: 'Agent',
    ...(who.name ? { name: who.name } : {}),
    account: { homePage: `${XAPI_BASE}/tenants/${encodeURIComponent(who.tenantId)}`, name: who.userId },
  };
  const programActivity = {
    objectType: 'Activity',
    id: `${XAPI_BASE}/tenants/${encodeURIComponent(who.tenantId)}/programs/${encodeURIComponent(who.programId)}`,
    definition: { type: 'http://adlnet.gov/expapi/activities/course', ...(who.programName ? { name: { 'en-US': who.programName } } : {}) },
  };
  const statementId = (entryId: string, revision: number) => deterministicId('xapi', who.tenantId, entryId, String(revision));
  const statements: Record<string, unknown>[] = [];
  for (const credit of entries.filter((e) => e.kind === 'credit')) {
    const corrections = entries.filter((e) => e.correctsEntryId === credit.entryId);
    const values = corrections.reduce((v, c) => [...v, v[v.length - 1] + c.minutes], [credit.minutes]);
    const revision = values.length - 1;
    corrections.forEach((correction, i) => {
      if (values[i] > 0) {
        statements.push({
          id: deterministicId('xapi-void', who.tenantId, credit.entryId, String(i)),
          actor,
          verb: XAPI_VERBS.voided,
          object: { objectType: 'StatementRef', id: statementId(credit.entryId, i) },
          timestamp: correction.recordedAt.toISOString(),
          version: '1.0.3',
        });
      }
    });
    if (values[revision] <= 0) continue;
    statements.push({
      id: statementId(credit.entryId, revision),
      actor,
      verb: XAPI_VERBS.completed,
      object: {
        objectType: 'Activity',
        id: `${programActivity.id}/sessions/${credit.sessionId}`,
        definition: { type: 'http://adlnet.gov/expapi/activities/meeting', name: { 'en-US': 'Mentoring session' } },
      },
      result: { completion: true, duration: isoDuration(values[revision]) },
      context: {
        platform: 'Tandem',
        contextActivities: { parent: [programActivity] },
        extensions: {
          [`${XAPI_BASE}/xapi/extensions/role`]: credit.role,
          [`${XAPI_BASE}/xapi/extensions/ledger-entry`]: credit.entryId,
          [`${XAPI_BASE}/xapi/extensions/month`]: credit.month,
        },
      },
      timestamp: (credit.occurredAt ?? credit.recordedAt).toISOString(),
      version: '1.0.3',
    });
  }
  return statements.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
}
