import { InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';
import { addDays } from './common';

/**
 * A pairing's engagement health. The state is event-sourced, so an alert is raised once per episode however
 * often (and on however many replicas) the check runs: evaluating an at-risk pairing that is still overdue
 * decides nothing, and two replicas racing to raise it collide on the stream version.
 */
export const engagementHealthStreamId = (pairingId: string) => `EngagementHealth-${pairingId}`;

export type HealthStatus = 'healthy' | 'at-risk';

export interface EvaluateHealth {
  type: 'EvaluateHealth';
  pairingId: string;
  programId: string;
  /** The time of the evaluation (the scheduler's clock, or a confirmation's). */
  now: string;
  /**
   * Where the cadence window starts: the latest of the pairing's start, its last resumption and the time of
   * its last confirmed session.
   */
  anchorAt: string;
  lastSessionAt: string | null;
  windowDays: number;
}

export type HealthCommand = EvaluateHealth;

export type PairingAtRisk = DomainEvent<
  'PairingAtRisk',
  { pairingId: string; programId: string; lastSessionAt: string | null; windowDays: number; overdueSince: string; detectedAt: string; episode: number }
>;
export type PairingRecovered = DomainEvent<
  'PairingRecovered',
  { pairingId: string; programId: string; lastSessionAt: string | null; atRiskSince: string; recoveredAt: string; episode: number }
>;
export type HealthEvent = PairingAtRisk | PairingRecovered;

export interface HealthState {
  status: HealthStatus;
  atRiskSince: string | null;
  /** Number of at-risk episodes so far. */
  episodes: number;
}

/** The moment a pairing becomes overdue: its anchor plus the window. */
export const overdueAt = (anchorAt: string, windowDays: number): string => addDays(anchorAt, windowDays);

export const engagementHealthDecider: Decider<HealthCommand, HealthEvent, HealthState> = {
  initialState: () => ({ status: 'healthy', atRiskSince: null, episodes: 0 }),

  decide(command, state) {
    if (!Number.isInteger(command.windowDays) || command.windowDays < 1) {
      throw new InvalidCommandError('windowDays must be a positive whole number', 'health.invalid_window', { field: 'windowDays' });
    }
    const deadline = overdueAt(command.anchorAt, command.windowDays);
    const overdue = Date.parse(command.now) > Date.parse(deadline);
    const { pairingId, programId, lastSessionAt, now } = command;
    if (state.status === 'healthy' && overdue) {
      return [
        {
          type: 'PairingAtRisk',
          data: { pairingId, programId, lastSessionAt, windowDays: command.windowDays, overdueSince: deadline, detectedAt: now, episode: state.episodes + 1 },
        },
      ];
    }
    if (state.status === 'at-risk' && !overdue) {
      return [{ type: 'PairingRecovered', data: { pairingId, programId, lastSessionAt, atRiskSince: state.atRiskSince!, recoveredAt: now, episode: state.episodes } }];
    }
    return [];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PairingAtRisk':
        return { status: 'at-risk', atRiskSince: event.data.detectedAt, episodes: event.data.episode };
      case 'PairingRecovered':
        return { ...state, status: 'healthy', atRiskSince: null };
    }
  },
};
