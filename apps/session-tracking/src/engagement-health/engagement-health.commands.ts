import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { PairingAtRisk, PairingRecovered } from '@tandem/session-tracking-contracts';
import { engagementHealthDecider, engagementHealthStreamId, type HealthEvent } from '@tandem/session-tracking-domain';
import { anchorOf, type PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';

/** Judges one pairing's engagement health as of `now` (dispatched in the transaction that holds the pairing row's lock). */
export class EvaluateHealthCommand {
  constructor(
    readonly context: CommandContext,
    readonly pairing: PairingRow,
    readonly now: Date,
  ) {}
}

/** Runs the health decider for one pairing inside the current transaction; answers the events it raised. */
@CommandHandler(EvaluateHealthCommand)
export class EvaluateHealthHandler implements ICommandHandler<EvaluateHealthCommand, HealthEvent[]> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ context, pairing, now }: EvaluateHealthCommand): Promise<HealthEvent[]> {
    const ref = { tenantId: pairing.tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    const result = await executeCommand(this.store, engagementHealthDecider, {
      streamId: engagementHealthStreamId(pairing.pairingId),
      command: {
        type: 'EvaluateHealth',
        pairingId: pairing.pairingId,
        programId: pairing.programId,
        now: now.toISOString(),
        anchorAt: anchorOf(pairing).toISOString(),
        lastSessionAt: pairing.lastSessionAt?.toISOString() ?? null,
        windowDays: pairing.windowDays,
      },
      context,
      publish: (decided) =>
        decided.map(({ event, eventId, metadata }) => {
          const cause = { eventId, metadata };
          switch (event.type) {
            case 'PairingAtRisk': {
              const { pairingId: _p, programId: _pr, ...d } = event.data;
              return this.outbox.message(PairingAtRisk, { ...ref, ...d }, cause);
            }
            case 'PairingRecovered': {
              const { pairingId: _p, programId: _pr, ...d } = event.data;
              return this.outbox.message(PairingRecovered, { ...ref, ...d }, cause);
            }
          }
        }),
    });
    return result.events;
  }
}
