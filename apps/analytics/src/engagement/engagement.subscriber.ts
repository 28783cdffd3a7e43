import { projectorOf } from '@tandem/platform';
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

/** Session tracking's public events, each into its engagement read model (in the consumer's inbox transaction). */
export const EngagementSubscribers = [
  projectorOf(SessionCompleted, sessionCompleted),
  projectorOf(FeedbackSubmitted, feedbackSubmitted),
  projectorOf(PulseSurveyAnswered, pulseSurveyAnswered),
  projectorOf(TrainingHoursCredited, trainingHoursCredited),
  projectorOf(TrainingHoursCorrected, trainingHoursCorrected),
  projectorOf(OutcomeVerified, outcomeVerified),
  projectorOf(PairingAtRisk, pairingAtRisk),
  projectorOf(PairingRecovered, pairingRecovered),
];
