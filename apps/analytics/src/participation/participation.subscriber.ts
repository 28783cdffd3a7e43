import { ApplicationStatusChanged, MatchDeclined, MatchProposed, PairingStarted, PairingStatusChanged, ParticipantApplied, ProposalExpired, ProposalRejected } from '@tandem/enrollment-contracts';
import { projectorOf } from '@tandem/platform';
import { applicationStatusChanged, matchProposed, pairingStarted, pairingStatusChanged, participantApplied, proposalClosed } from './participation.projection';

/** Enrollment's applications, proposals and pairings, each into the participation read models. */
export const ParticipationSubscribers = [
  projectorOf(ParticipantApplied, participantApplied),
  projectorOf(ApplicationStatusChanged, applicationStatusChanged),
  projectorOf(MatchProposed, matchProposed),
  projectorOf(PairingStarted, pairingStarted),
  projectorOf(PairingStatusChanged, pairingStatusChanged),
  projectorOf(ProposalRejected, function proposalRejected(tx, p) { return proposalClosed(tx, p, 'rejected', p.rejectedAt); }),
  projectorOf(MatchDeclined, function matchDeclined(tx, p) { return proposalClosed(tx, p, 'declined', p.declinedAt); }),
  projectorOf(ProposalExpired, function proposalExpired(tx, p) { return proposalClosed(tx, p, 'expired', p.expiredAt); }),
];
