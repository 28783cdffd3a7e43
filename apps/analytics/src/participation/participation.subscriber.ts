import { Injectable } from '@nestjs/common';
import { ApplicationStatusChanged, MatchDeclined, MatchProposed, PairingStarted, PairingStatusChanged, ParticipantApplied, ProposalExpired, ProposalRejected } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { applicationStatusChanged, matchProposed, pairingStarted, pairingStatusChanged, participantApplied, proposalClosed } from './participation.projection';

type Event<C> = ReceivedEvent<PayloadOf<C>>;

@SubscribesTo(ParticipantApplied)
@Injectable()
export class ApplicationProjector implements Subscriber<typeof ParticipantApplied> {
  async handle({ payload }: Event<typeof ParticipantApplied>, tx: Transaction) {
    await participantApplied(tx, payload);
  }
}

@SubscribesTo(ApplicationStatusChanged)
@Injectable()
export class ApplicationStatusProjector implements Subscriber<typeof ApplicationStatusChanged> {
  async handle({ payload }: Event<typeof ApplicationStatusChanged>, tx: Transaction) {
    await applicationStatusChanged(tx, payload);
  }
}

@SubscribesTo(MatchProposed)
@Injectable()
export class ProposalProjector implements Subscriber<typeof MatchProposed> {
  async handle({ payload }: Event<typeof MatchProposed>, tx: Transaction) {
    await matchProposed(tx, payload);
  }
}

@SubscribesTo(PairingStarted)
@Injectable()
export class PairingStartedProjector implements Subscriber<typeof PairingStarted> {
  async handle({ payload }: Event<typeof PairingStarted>, tx: Transaction) {
    await pairingStarted(tx, payload);
  }
}

@SubscribesTo(PairingStatusChanged)
@Injectable()
export class PairingStatusProjector implements Subscriber<typeof PairingStatusChanged> {
  async handle({ payload }: Event<typeof PairingStatusChanged>, tx: Transaction) {
    await pairingStatusChanged(tx, payload);
  }
}

@SubscribesTo(ProposalRejected)
@Injectable()
export class ProposalRejectedProjector implements Subscriber<typeof ProposalRejected> {
  async handle({ payload }: Event<typeof ProposalRejected>, tx: Transaction) {
    await proposalClosed(tx, payload, 'rejected', payload.rejectedAt);
  }
}

@SubscribesTo(MatchDeclined)
@Injectable()
export class MatchDeclinedProjector implements Subscriber<typeof MatchDeclined> {
  async handle({ payload }: Event<typeof MatchDeclined>, tx: Transaction) {
    await proposalClosed(tx, payload, 'declined', payload.declinedAt);
  }
}

@SubscribesTo(ProposalExpired)
@Injectable()
export class ProposalExpiredProjector implements Subscriber<typeof ProposalExpired> {
  async handle({ payload }: Event<typeof ProposalExpired>, tx: Transaction) {
    await proposalClosed(tx, payload, 'expired', payload.expiredAt);
  }
}

export const ParticipationSubscribers = [
  ApplicationProjector,
  ApplicationStatusProjector,
  ProposalProjector,
  PairingStartedProjector,
  PairingStatusProjector,
  ProposalRejectedProjector,
  MatchDeclinedProjector,
  ProposalExpiredProjector,
];
