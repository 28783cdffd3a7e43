import { followUpContext, type CommandContext, type Transaction } from '@tandem/event-store';
import type { EngagementHealth } from '../engagement-health/engagement-health.commands';
import { recordConfirmedSession } from '../pairings/pairings.projection';
import type { PairingRow } from '../pairings/pairings.queries';
import type { TrainingHoursLedger } from '../training-hours/training-hours.commands';

/** The aggregates a confirmed session reaches beyond its own stream. */
export interface SessionConfirmedDeps {
  ledger: TrainingHoursLedger;
  health: EngagementHealth;
}

/**
 * A session the other side confirmed counts, in the confirmation's transaction and in this order: it credits both
 * training-hours ledgers, moves the pairing's cadence anchor, then re-evaluates the pairing's engagement health (so a
 * confirmed session recovers an at-risk pairing at once). Any failure rolls back the confirmation with it.
 */
export async function onSessionConfirmed(
  tx: Transaction,
  { ledger, health }: SessionConfirmedDeps,
  context: CommandContext,
  pairing: PairingRow,
  session: { sessionId: string; occurredAt: string; minutes: number },
  at: string,
): Promise<void> {
  const followUp = followUpContext(context);
  await ledger.creditSession(tx, followUp, pairing, session, at);
  const updated = await recordConfirmedSession(tx, context.tenantId, pairing.pairingId, session.occurredAt, session.minutes);
  // Health is only judged while the pairing runs (a late confirmation after it ended raises nothing).
  if (updated.status === 'active') await health.evaluate(tx, followUp, updated, new Date(at));
}
