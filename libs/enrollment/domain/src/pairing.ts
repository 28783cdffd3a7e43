import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { HARD_FILTER_LABELS, type HardFilter, type HardFilterViolation, type ScoreBreakdown } from './matching';

/**
 * A mentorship from proposal to end: proposed → approved (by a program manager) → active once mentor and mentee
 * both accepted → paused ⇄ active → completed | ended-early. A proposal can instead be rejected (manager),
 * declined (either side) or expire. Every end state frees the capacity the pairing held on both applications.
 * A rejected or declined pair is excluded from the program's later matching runs until a manager lifts it.
 * A manager override may break hard filters only when it acknowledges each of them by name; they are recorded.
 */
export type PairingStatus = 'proposed' | 'approved' | 'active' | 'paused' | 'completed' | 'ended-early' | 'rejected' | 'declined' | 'expired';
export type ProposalSource = 'cohort-run' | 'mentee-request' | 'manager-override';

export interface PairMember {
  applicationId: string;
  userId: string;
  employeeId: string;
  name: string;
}

/** Who is proposed to whom, where and how well they fit: what a proposal and the pairing's state both hold. */
interface ProposedPair {
  pairingId: string;
  programId: string;
  runId: string | null;
  source: ProposalSource;
  mentor: PairMember;
  mentee: PairMember;
  score: number;
}

export type PairingCommand =
  | (ProposedPair & {
      type: 'ProposeMatch';
      breakdown: ScoreBreakdown | null;
      algorithmVersion: string;
      /** Mentee requests and manager overrides need no further approval. */
      preApproved: boolean;
      /** A mentee's own request counts as the mentee's acceptance. */
      menteeAccepted: boolean;
      expiresAt: string;
      /** Hard filters the pair fails (only a manager override may propose such a pair). */
      overriddenFilters?: HardFilterViolation[];
      /** The filters the manager explicitly accepted breaking; must name every overridden filter. */
      acknowledgedFilters?: HardFilter[];
      by: string;
      at: string;
    })
  | { type: 'ApproveProposal'; by: string; at: string }
  | { type: 'RejectProposal'; reason: string | null; by: string; at: string }
  | { type: 'AcceptMatch'; userId: string; at: string }
  | { type: 'DeclineMatch'; userId: string; reason: string | null; at: string }
  | { type: 'ExpireProposal'; at: string }
  | { type: 'LiftExclusion'; reason: string | null; by: string; at: string }
  | { type: 'PausePairing'; by: string; at: string }
  | { type: 'ResumePairing'; by: string; at: string }
  | { type: 'CompletePairing'; by: string; at: string }
  | { type: 'EndPairingEarly'; reason: string; by: string; at: string };

type Base = { pairingId: string; programId: string };
type ProposeMatch = Extract<PairingCommand, { type: 'ProposeMatch' }>;
export type MatchProposedEvent = DomainEvent<
  'MatchProposed',
  Base &
    Omit<ProposeMatch, 'type' | 'pairingId' | 'programId' | 'by' | 'at' | 'overriddenFilters' | 'acknowledgedFilters'> & {
      proposedBy: string;
      proposedAt: string;
      /** Absent on proposals recorded before overrides were acknowledged (read as none). */
      overriddenFilters?: HardFilterViolation[];
      acknowledgedFilters?: HardFilter[];
    }
>;
export type PairingEvent =
  | MatchProposedEvent
  | DomainEvent<'ProposalApproved', Base & { approvedBy: string; approvedAt: string }>
  | DomainEvent<'ProposalRejected', Base & { reason: string | null; rejectedBy: string; rejectedAt: string }>
  | DomainEvent<'MatchAccepted', Base & { side: 'mentor' | 'mentee'; acceptedAt: string }>
  | DomainEvent<'MatchDeclined', Base & { side: 'mentor' | 'mentee'; reason: string | null; declinedAt: string }>
  | DomainEvent<'ProposalExpired', Base & { expiredAt: string }>
  | DomainEvent<'PairExclusionLifted', Base & { mentorApplicationId: string; menteeApplicationId: string; reason: string | null; liftedBy: string; liftedAt: string }>
  | DomainEvent<'PairingStarted', Base & { startedAt: string }>
  | DomainEvent<'PairingPaused', Base & { by: string; at: string }>
  | DomainEvent<'PairingResumed', Base & { by: string; at: string }>
  | DomainEvent<'PairingCompleted', Base & { from: 'active' | 'paused'; by: string; at: string }>
  | DomainEvent<'PairingEndedEarly', Base & { from: 'active' | 'paused'; reason: string; by: string; at: string }>;

export type PairingState =
  | { exists: false }
  | (ProposedPair & {
      exists: true;
      status: PairingStatus;
      accepted: { mentor: boolean; mentee: boolean };
      expiresAt: string;
      startedAt: string | null;
      endedAt: string | null;
      endReason: string | null;
      overriddenFilters: HardFilterViolation[];
      /** A rejected or declined pair stays excluded from later runs until this is set. */
      exclusionLifted: boolean;
    });

export const pairingStreamId = (pairingId: string) => `Pairing-${pairingId}`;

const PENDING: PairingStatus[] = ['proposed', 'approved'];
const RUNNING: PairingStatus[] = ['active', 'paused'];
/** Events after which the pairing holds no capacity any more. */
export const RELEASING_EVENTS = ['ProposalRejected', 'MatchDeclined', 'ProposalExpired', 'PairingCompleted', 'PairingEndedEarly'] as const;

function sideOf(state: Extract<PairingState, { exists: true }>, userId: string): 'mentor' | 'mentee' {
  if (state.mentor.userId === userId) return 'mentor';
  if (state.mentee.userId === userId) return 'mentee';
  throw new ForbiddenError('Only the proposed mentor or mentee can answer this match', 'pairing.not_a_member');
}

function requireStatus(state: Extract<PairingState, { exists: true }>, allowed: PairingStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw new IllegalStateError(`Cannot ${action}: the pairing is ${state.status}`, 'pairing.illegal_transition', { status: state.status, allowed });
  }
}

export const pairingDecider: Decider<PairingCommand, PairingEvent, PairingState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'ProposeMatch') {
      if (state.exists) throw new IllegalStateError('This pairing already exists', 'pairing.already_exists');
      if (command.mentor.applicationId === command.mentee.applicationId || command.mentor.userId === command.mentee.userId) {
        throw new InvalidCommandError('A person cannot mentor themselves', 'pairing.same_person');
      }
      const overridden = command.overriddenFilters ?? [];
      const acknowledged = [...new Set(command.acknowledgedFilters ?? [])].sort();
      if (overridden.length > 0 && command.source !== 'manager-override') {
        throw new InvalidCommandError('Only a program manager override may propose a pair that fails a hard filter', 'pairing.infeasible', { violations: overridden });
      }
      const unacknowledged = [...new Set(overridden.map((v) => v.filter))].filter((f) => !acknowledged.includes(f)).sort();
      if (unacknowledged.length > 0) {
        throw new IllegalStateError(
          `This pair breaks hard filters; acknowledge each to override: ${overridden.filter((v) => unacknowledged.includes(v.filter)).map((v) => `${v.filter} (${v.reason})`).join('; ')}`,
          'pairing.override_unacknowledged',
          { unacknowledged, violations: overridden, labels: unacknowledged.map((f) => HARD_FILTER_LABELS[f]) },
        );
      }
      const { type: _t, by, at, overriddenFilters: _o, acknowledgedFilters: _a, ...proposal } = command;
      const events: PairingEvent[] = [
        { type: 'MatchProposed', data: { ...proposal, overriddenFilters: overridden, acknowledgedFilters: acknowledged, proposedBy: by, proposedAt: at } },
      ];
      const base = { pairingId: command.pairingId, programId: command.programId };
      if (command.preApproved) events.push({ type: 'ProposalApproved', data: { ...base, approvedBy: by, approvedAt: at } });
      if (command.menteeAccepted) events.push({ type: 'MatchAccepted', data: { ...base, side: 'mentee', acceptedAt: at } });
      return events;
    }
    if (!state.exists) throw new NotFoundError('Pairing not found', 'pairing.not_found');
    const base = { pairingId: state.pairingId, programId: state.programId };
    const expired = (at: string) => PENDING.includes(state.status) && at >= state.expiresAt;

    switch (command.type) {
      case 'ApproveProposal':
        if (state.status === 'approved') return [];
        requireStatus(state, ['proposed'], 'approve');
        if (expired(command.at)) throw new IllegalStateError('The proposal has expired', 'pairing.expired');
        return [{ type: 'ProposalApproved', data: { ...base, approvedBy: command.by, approvedAt: command.at } }];
      case 'RejectProposal':
        if (state.status === 'rejected') return [];
        requireStatus(state, PENDING, 'reject');
        return [{ type: 'ProposalRejected', data: { ...base, reason: command.reason, rejectedBy: command.by, rejectedAt: command.at } }];
      case 'AcceptMatch': {
        const side = sideOf(state, command.userId);
        if (RUNNING.includes(state.status) || state.accepted[side]) return [];
        if (state.status === 'proposed') {
          throw new IllegalStateError('Cannot accept yet: a program manager has not approved this match (the pairing is proposed)', 'pairing.awaiting_approval', { status: state.status });
        }
        requireStatus(state, ['approved'], 'accept');
        if (expired(command.at)) throw new IllegalStateError('The proposal has expired', 'pairing.expired');
        const events: PairingEvent[] = [{ type: 'MatchAccepted', data: { ...base, side, acceptedAt: command.at } }];
        const other = side === 'mentor' ? 'mentee' : 'mentor';
        if (state.accepted[other]) events.push({ type: 'PairingStarted', data: { ...base, startedAt: command.at } });
        return events;
      }
      case 'DeclineMatch': {
        const side = sideOf(state, command.userId);
        if (state.status === 'declined') return [];
        requireStatus(state, PENDING, 'decline');
        return [{ type: 'MatchDeclined', data: { ...base, side, reason: command.reason, declinedAt: command.at } }];
      }
      case 'ExpireProposal':
        if (!expired(command.at)) return [];
        return [{ type: 'ProposalExpired', data: { ...base, expiredAt: command.at } }];
      case 'LiftExclusion':
        if (state.exclusionLifted) return [];
        requireStatus(state, ['rejected', 'declined'], 'lift the exclusion of');
        return [
          {
            type: 'PairExclusionLifted',
            data: { ...base, mentorApplicationId: state.mentor.applicationId, menteeApplicationId: state.mentee.applicationId, reason: command.reason, liftedBy: command.by, liftedAt: command.at },
          },
        ];
      case 'PausePairing':
        if (state.status === 'paused') return [];
        requireStatus(state, ['active'], 'pause');
        return [{ type: 'PairingPaused', data: { ...base, by: command.by, at: command.at } }];
      case 'ResumePairing':
        if (state.status === 'active') return [];
        requireStatus(state, ['paused'], 'resume');
        return [{ type: 'PairingResumed', data: { ...base, by: command.by, at: command.at } }];
      case 'CompletePairing':
        if (state.status === 'completed') return [];
        requireStatus(state, RUNNING, 'complete');
        return [{ type: 'PairingCompleted', data: { ...base, from: state.status as 'active' | 'paused', by: command.by, at: command.at } }];
      case 'EndPairingEarly':
        if (state.status === 'ended-early') return [];
        requireStatus(state, RUNNING, 'end');
        if (!command.reason.trim()) throw new InvalidCommandError('Say why the pairing ends early', 'pairing.reason_required', { field: 'reason' });
        return [{ type: 'PairingEndedEarly', data: { ...base, from: state.status as 'active' | 'paused', reason: command.reason, by: command.by, at: command.at } }];
    }
  },

  evolve(state, event) {
    if (event.type === 'MatchProposed') {
      const d = event.data;
      return {
        exists: true,
        pairingId: d.pairingId,
        programId: d.programId,
        runId: d.runId,
        source: d.source,
        mentor: d.mentor,
        mentee: d.mentee,
        score: d.score,
        status: 'proposed',
        accepted: { mentor: false, mentee: false },
        expiresAt: d.expiresAt,
        startedAt: null,
        endedAt: null,
        endReason: null,
        overriddenFilters: d.overriddenFilters ?? [],
        exclusionLifted: false,
      };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'ProposalApproved':
        return { ...state, status: 'approved' };
      case 'ProposalRejected':
        return { ...state, status: 'rejected', endedAt: event.data.rejectedAt, endReason: event.data.reason };
      case 'MatchAccepted':
        return { ...state, accepted: { ...state.accepted, [event.data.side]: true } };
      case 'MatchDeclined':
        return { ...state, status: 'declined', endedAt: event.data.declinedAt, endReason: event.data.reason };
      case 'ProposalExpired':
        return { ...state, status: 'expired', endedAt: event.data.expiredAt };
      case 'PairExclusionLifted':
        return { ...state, exclusionLifted: true };
      case 'PairingStarted':
        return { ...state, status: 'active', startedAt: event.data.startedAt };
      case 'PairingPaused':
        return { ...state, status: 'paused' };
      case 'PairingResumed':
        return { ...state, status: 'active' };
      case 'PairingCompleted':
        return { ...state, status: 'completed', endedAt: event.data.at };
      case 'PairingEndedEarly':
        return { ...state, status: 'ended-early', endedAt: event.data.at, endReason: event.data.reason };
    }
  },
};
