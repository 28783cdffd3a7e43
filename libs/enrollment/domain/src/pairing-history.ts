import { InvalidCommandError } from '@tandem/kernel';
import type { PairingCommand } from './pairing';

/** A past pairing as an import describes it: its start, its pauses (the last may still be open) and its end. */
export interface PairingHistory {
  startedAt: string;
  pauses: { pausedAt: string; resumedAt: string | null }[];
  ended: { status: 'completed' | 'ended-early'; at: string; reason: string | null } | null;
}

type Step = Extract<PairingCommand, { type: 'PausePairing' | 'ResumePairing' | 'CompletePairing' | 'EndPairingEarly' }>;

/**
 * The pairing's changes after its start, in order, as the commands today's decider takes (each at its original
 * time), once the history is shown to be one life: every time after the one before it and none after `now`; a
 * pause still open is the last thing that happened, unless the pairing ended (which closes it). An early end needs
 * its reason, as it does today. Refused with a 400 naming the field.
 */
export function pairingHistorySteps(history: PairingHistory, by: string, now: string): Step[] {
  const times: { field: string; at: string }[] = [{ field: 'startedAt', at: history.startedAt }];
  const steps: Step[] = [];
  history.pauses.forEach((pause, i) => {
    if (pause.resumedAt === null && i < history.pauses.length - 1) {
      throw new InvalidCommandError('Only the last pause may be still open', 'pairing.invalid_history', { field: `pauses.${i}.resumedAt` });
    }
    times.push({ field: `pauses.${i}.pausedAt`, at: pause.pausedAt });
    steps.push({ type: 'PausePairing', by, at: pause.pausedAt });
    if (pause.resumedAt !== null) {
      times.push({ field: `pauses.${i}.resumedAt`, at: pause.resumedAt });
      steps.push({ type: 'ResumePairing', by, at: pause.resumedAt });
    }
  });
  if (history.ended) {
    times.push({ field: 'ended.at', at: history.ended.at });
    if (history.ended.status === 'completed') steps.push({ type: 'CompletePairing', by, at: history.ended.at });
    else {
      const reason = history.ended.reason?.trim();
      if (!reason) throw new InvalidCommandError('A pairing that ended early says why', 'pairing.reason_required', { field: 'ended.reason' });
      steps.push({ type: 'EndPairingEarly', reason, by, at: history.ended.at });
    }
  }
  times.forEach(({ field, at }, i) => {
    if (Date.parse(at) > Date.parse(now)) throw new InvalidCommandError(`${field} must be in the past`, 'pairing.invalid_history', { field });
    if (i > 0 && Date.parse(at) <= Date.parse(times[i - 1].at)) {
      throw new InvalidCommandError(`${field} must come after ${times[i - 1].field}`, 'pairing.invalid_history', { field });
    }
  });
  return steps.map((s) => ({ ...s, at: new Date(s.at).toISOString() }));
}
