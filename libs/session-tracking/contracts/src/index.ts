export * from './session-tracking-events';
import {
  FeedbackSubmitted,
  GoalAchieved,
  OutcomeVerified,
  PairingAtRisk,
  PairingRecovered,
  PulseSurveyAnswered,
  SessionCancelled,
  SessionCompleted,
  SessionNoShowReported,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from './session-tracking-events';

/** Every public event session tracking publishes, all on `mentoring.session-tracking.v1` keyed by pairing id. */
export const SESSION_TRACKING_CONTRACTS = [
  SessionCompleted,
  SessionCancelled,
  SessionNoShowReported,
  FeedbackSubmitted,
  PulseSurveyAnswered,
  GoalAchieved,
  OutcomeVerified,
  TrainingHoursCredited,
  TrainingHoursCorrected,
  PairingAtRisk,
  PairingRecovered,
];
