import type { CommandBus } from '@nestjs/cqrs';
import { followUpContext, type CommandContext, type Transaction } from '@tandem/event-store';
import { EvaluateHealthCommand } from '../engagement-health/engagement-health.commands';
import { recordConfirmedSession } from '../pairings/pairings.projection';
import type { PairingRow } from '../pairings/pairings.queries';
import { CreditSessionHoursCommand } from '../training-hours/training-hours.commands';

/**
 * A session the other side confirmed counts, in the confirmation's transaction and in this order: it credits both
 * training-hours ledgers, moves the pairing's cadence anchor, then re-evaluates the pairing's engagement health (so a
 * confirmed session recovers an at-risk pairing at once). The commands go through the CommandBus and join the
 * confirmation's transaction (the current one); any failure rolls back the confirmation with it.
 */
export async function onSessionConfirmed(
  tx: Transaction,
  commands: CommandBus,
  context: CommandContext,
  pairing: PairingRow,
  session: { sessionId: string; occurredAt: string; minutes: number },
  at: string,
): Promise<void> {
  const followUp = followUpContext(context);
  await commands.execute(new CreditSessionHoursCommand(followUp, pairing, session, at));
  const updated = await recordConfirmedSession(tx, context.tenantId, pairing.pairingId, session.occurredAt, session.minutes);
  // Health is only judged while the pairing runs (a late confirmation after it ended raises nothing). An imported
  // session's health is judged by the import, against the pairing's timeline as it was then.
  if (updated.status === 'active' && !context.imported) await commands.execute(new EvaluateHealthCommand(followUp, updated, new Date(at)));
}
