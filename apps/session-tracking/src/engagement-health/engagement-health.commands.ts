import { Injectable } from '@nestjs/common';
import { EventStore, executeCommand, type CommandContext, type Transaction } from '@tandem/event-store';
import { PairingAtRisk, PairingRecovered } from '@tandem/session-tracking-contracts';
import { engagementHealthDecider, engagementHealthStreamId, type HealthEvent } from '@tandem/session-tracking-domain';
import { anchorOf, type PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';
import { updatePairingHealth } from './engagement-health.projection';

/** Runs the health decider for one pairing inside the caller's transaction (which holds the pairing row's lock). */
@Injectable()
export class EngagementHealth {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async evaluate(tx: Transaction, context: CommandContext, pairing: PairingRow, now: Date): Promise<HealthEvent[]> {
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
      tx,
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
      project: (_decided, state, t) => updatePairingHealth(t, pairing.tenantId, pairing.pairingId, state.status, state.atRiskSince),
    });
    return result.events;
  }
}
