export * from './program-events';
export * from './participant-events';
export * from './pairing-events';
export * from './proposal-events';
import { ProgramCreated, ProgramManagersChanged, ProgramRevised, ProgramStatusChanged } from './program-events';
import { ApplicationStatusChanged, ParticipantApplied, PublicAcknowledgementConsentChanged } from './participant-events';
import { MatchProposed, PairingStarted, PairingStatusChanged } from './pairing-events';
import { MatchAccepted, MatchDeclined, PairExclusionLifted, ProposalApproved, ProposalExpired, ProposalRejected } from './proposal-events';

/** Every public event enrollment publishes, all on `mentoring.enrollment.v1` keyed by program id. */
export const ENROLLMENT_CONTRACTS = [
  ProgramCreated,
  ProgramRevised,
  ProgramStatusChanged,
  ProgramManagersChanged,
  ParticipantApplied,
  ApplicationStatusChanged,
  PublicAcknowledgementConsentChanged,
  MatchProposed,
  PairingStarted,
  PairingStatusChanged,
  ProposalApproved,
  ProposalRejected,
  MatchAccepted,
  MatchDeclined,
  ProposalExpired,
  PairExclusionLifted,
];
