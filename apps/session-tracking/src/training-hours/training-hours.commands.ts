import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, deterministicId, EventStore, executeCommand, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { TrainingHoursCorrected, TrainingHoursCredited } from '@tandem/session-tracking-contracts';
import { DEFAULT_TRAINING_HOURS_POLICY, SIDES, trainingHoursDecider, trainingHoursStreamId, type TrainingHoursCommand } from '@tandem/session-tracking-domain';
import { findPairing, userIdOf, type PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';
import { ledgerEntries } from './training-hours.queries';

/** Credits a confirmed session to the mentor's and the mentee's ledgers (the session-confirmed policy, in its transaction). */
export class CreditSessionHoursCommand {
  constructor(
    readonly context: CommandContext,
    readonly pairing: PairingRow,
    readonly session: { sessionId: string; occurredAt: string; minutes: number },
    readonly at: string,
  ) {}
}

/** A program manager's correction of one credit entry: a new entry, never an edit. Answers the new entry's id. */
export class CorrectTrainingHoursCommand {
  constructor(
    readonly context: CommandContext,
    readonly programId: string,
    readonly userId: string,
    readonly correctsEntryId: string,
    readonly minutes: number,
    readonly reason: string,
    readonly at: string,
  ) {}
}

/*
 * Training hours: confirmed session time credited to both sides' ledgers (one event-sourced ledger per person and
 * program), corrected by program managers with new entries. The ledger rows are append-only (a trigger refuses
 * UPDATE and DELETE).
 */
@CommandHandler(CreditSessionHoursCommand)
export class CreditSessionHoursHandler implements ICommandHandler<CreditSessionHoursCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ context, pairing, session, at }: CreditSessionHoursCommand): Promise<void> {
    for (const side of SIDES) {
      const userId = userIdOf(pairing, side);
      await appendToLedger(this.store, this.outbox, context, pairing, {
        type: 'CreditSession', programId: pairing.programId, userId, role: side, pairingId: pairing.pairingId,
        entryId: deterministicId(context.tenantId, 'training-hours', session.sessionId, userId),
        sessionId: session.sessionId, occurredAt: session.occurredAt, minutes: session.minutes, policy: DEFAULT_TRAINING_HOURS_POLICY, at,
      });
    }
  }
}

@CommandHandler(CorrectTrainingHoursCommand)
export class CorrectTrainingHoursHandler implements ICommandHandler<CorrectTrainingHoursCommand, string> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    private readonly db: Database,
  ) {}

  async execute({ context, programId, userId, correctsEntryId, minutes, reason, at }: CorrectTrainingHoursCommand): Promise<string> {
    const entry = (await ledgerEntries(this.db, context.tenantId, programId, userId)).find((e) => e.entryId === correctsEntryId);
    if (!entry) throw new NotFoundError(`Ledger entry ${correctsEntryId} not found in ${userId}'s ledger for this program`, 'training_hours.entry_not_found');
    const pairing = await findPairing(this.db, context.tenantId, entry.pairingId);
    if (!pairing) throw new NotFoundError(`Pairing ${entry.pairingId} not found`, 'pairing.not_found');
    const entryId = context.idempotencyKey ? deterministicId(context.tenantId, 'training-hours-correction', context.idempotencyKey) : newId();
    // Its own transaction (the pipeline retries it on a concurrent credit to the same ledger).
    await appendToLedger(this.store, this.outbox, context, pairing, { type: 'CorrectEntry', programId, userId, entryId, correctsEntryId, minutes, reason, by: context.actor.id, at });
    return entryId;
  }
}

/** One ledger's command through the pipeline: its events, their public events and the ledger rows together. */
function appendToLedger(store: EventStore, outbox: Outbox, context: CommandContext, pairing: PairingRow, command: TrainingHoursCommand) {
  const ref = { tenantId: context.tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
  return executeCommand(store, trainingHoursDecider, {
    streamId: trainingHoursStreamId(command.programId, command.userId),
    command,
    context,
    publish: (decided) =>
      decided.map(({ event, eventId, metadata }) => {
        const cause = { eventId, metadata };
        const d = event.data;
        switch (event.type) {
          case 'TrainingHoursCredited':
            return outbox.message(TrainingHoursCredited, {
              ...ref, entryId: d.entryId, userId: d.userId, role: d.role, sessionId: d.sessionId, occurredAt: event.data.occurredAt, month: d.month,
              sessionMinutes: d.sessionMinutes, minutes: event.data.minutes, capped: event.data.capped, policy: event.data.policy, creditedAt: event.data.at,
            }, cause);
          case 'TrainingHoursCorrected':
            return outbox.message(TrainingHoursCorrected, {
              ...ref, entryId: d.entryId, correctsEntryId: event.data.correctsEntryId, userId: d.userId, role: d.role, sessionId: d.sessionId,
              month: d.month, deltaMinutes: event.data.deltaMinutes, minutes: event.data.minutes, correctedBy: event.data.by, correctedAt: event.data.at,
            }, cause);
        }
      }),
  });
}
