import { Injectable } from '@nestjs/common';
import { Database, deterministicId, EventStore, executeCommand, newId, type CommandContext, type Transaction } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { TrainingHoursCorrected, TrainingHoursCredited } from '@tandem/session-tracking-contracts';
import { DEFAULT_TRAINING_HOURS_POLICY, SIDES, trainingHoursDecider, trainingHoursStreamId, type TrainingHoursCommand } from '@tandem/session-tracking-domain';
import { findPairing, userIdOf, type PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';
import { insertLedgerEntries } from './training-hours.projection';
import { ledgerEntries } from './training-hours.queries';

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
    const entry = (await ledgerEntries(this.db, context.tenantId, programId, userId)).find((e) => e.entryId === correctsEntryId);
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
      project: (decided, _state, t) => insertLedgerEntries(t, context.tenantId, decided.map((d) => d.event)),
    });
  }
}
