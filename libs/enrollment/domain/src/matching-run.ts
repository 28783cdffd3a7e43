import { IllegalStateError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { MatchingInput, MatchingResult } from './matching';

/**
 * A recorded cohort matching run: the exact input it saw (participants with their free capacity, the policy)
 * and what the matcher answered. Re-running `matchCohort` on the stored input gives the stored result — the
 * proof a program manager or auditor can ask for.
 */
export type MatchingRunCommand = {
  type: 'RecordMatchingRun';
  runId: string;
  programId: string;
  input: Omit<MatchingInput, 'options' | 'managerOf'>;
  result: MatchingResult;
  /** Pairing id of each proposal, by mentee participant id. */
  pairingIds: Record<string, string>;
  by: string;
  at: string;
};

export type MatchingRunRecordedEvent = DomainEvent<
  'MatchingRunRecorded',
  { runId: string; programId: string; input: MatchingRunCommand['input']; result: MatchingResult; pairingIds: Record<string, string>; ranBy: string; ranAt: string }
>;

export type MatchingRunState = { exists: false } | { exists: true; runId: string; programId: string };

export const matchingRunStreamId = (runId: string) => `MatchingRun-${runId}`;

export const matchingRunDecider: Decider<MatchingRunCommand, MatchingRunRecordedEvent, MatchingRunState> = {
  initialState: () => ({ exists: false }),
  decide(command, state) {
    if (state.exists) throw new IllegalStateError('This matching run is already recorded', 'matching_run.already_exists');
    const { type: _t, by, at, ...run } = command;
    return [{ type: 'MatchingRunRecorded', data: { ...run, ranBy: by, ranAt: at } }];
  },
  evolve: (_state, event) => ({ exists: true, runId: event.data.runId, programId: event.data.programId }),
};
