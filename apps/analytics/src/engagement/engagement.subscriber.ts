import { Injectable } from '@nestjs/common';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import {
  FeedbackSubmitted,
  OutcomeVerified,
  PairingAtRisk,
  PairingRecovered,
  PulseSurveyAnswered,
  SessionCompleted,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from '@tandem/session-tracking-contracts';
import {
  feedbackSubmitted,
  outcomeVerified,
  pairingAtRisk,
  pairingRecovered,
  pulseSurveyAnswered,
  sessionCompleted,
  trainingHoursCorrected,
  trainingHoursCredited,
} from './engagement.projection';

type Event<C> = ReceivedEvent<PayloadOf<C>>;

@SubscribesTo(SessionCompleted)
@Injectable()
export class SessionProjector implements Subscriber<typeof SessionCompleted> {
  async handle({ payload }: Event<typeof SessionCompleted>, tx: Transaction) {
    await sessionCompleted(tx, payload);
  }
}

@SubscribesTo(FeedbackSubmitted)
@Injectable()
export class RatingProjector implements Subscriber<typeof FeedbackSubmitted> {
  async handle({ payload }: Event<typeof FeedbackSubmitted>, tx: Transaction) {
    await feedbackSubmitted(tx, payload);
  }
}

@SubscribesTo(PulseSurveyAnswered)
@Injectable()
export class PulseProjector implements Subscriber<typeof PulseSurveyAnswered> {
  async handle({ payload }: Event<typeof PulseSurveyAnswered>, tx: Transaction) {
    await pulseSurveyAnswered(tx, payload);
  }
}

@SubscribesTo(TrainingHoursCredited)
@Injectable()
export class HoursCreditProjector implements Subscriber<typeof TrainingHoursCredited> {
  async handle({ payload }: Event<typeof TrainingHoursCredited>, tx: Transaction) {
    await trainingHoursCredited(tx, payload);
  }
}

@SubscribesTo(TrainingHoursCorrected)
@Injectable()
export class HoursCorrectionProjector implements Subscriber<typeof TrainingHoursCorrected> {
  async handle({ payload }: Event<typeof TrainingHoursCorrected>, tx: Transaction) {
    await trainingHoursCorrected(tx, payload);
  }
}

@SubscribesTo(OutcomeVerified)
@Injectable()
export class OutcomeProjector implements Subscriber<typeof OutcomeVerified> {
  async handle({ payload }: Event<typeof OutcomeVerified>, tx: Transaction) {
    await outcomeVerified(tx, payload);
  }
}

@SubscribesTo(PairingAtRisk)
@Injectable()
export class AtRiskProjector implements Subscriber<typeof PairingAtRisk> {
  async handle({ payload }: Event<typeof PairingAtRisk>, tx: Transaction) {
    await pairingAtRisk(tx, payload);
  }
}

@SubscribesTo(PairingRecovered)
@Injectable()
export class RecoveredProjector implements Subscriber<typeof PairingRecovered> {
  async handle({ payload }: Event<typeof PairingRecovered>, tx: Transaction) {
    await pairingRecovered(tx, payload);
  }
}

export const EngagementSubscribers = [
  SessionProjector,
  RatingProjector,
  PulseProjector,
  HoursCreditProjector,
  HoursCorrectionProjector,
  OutcomeProjector,
  AtRiskProjector,
  RecoveredProjector,
];
