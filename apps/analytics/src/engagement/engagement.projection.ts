import type { Transaction } from '@tandem/event-store';
import type {
  FeedbackSubmittedV1,
  GoalAchievedV1,
  OutcomeVerifiedV1,
  PairingAtRiskV1,
  PairingRecoveredV1,
  PulseSurveyAnsweredV1,
  SessionCompletedV1,
  TrainingHoursCorrectedV1,
  TrainingHoursCreditedV1,
} from '@tandem/session-tracking-contracts';
import { applies, appliesAll, insertRows, integrationProjection } from '@tandem/platform';
import {
  FeedbackSubmitted,
  GoalAchieved,
  OutcomeVerified,
  PairingAtRisk,
  PairingRecovered,
  PulseSurveyAnswered,
  SessionCompleted,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from '@tandem/session-tracking-contracts';

// Engagement from session tracking's events: confirmed sessions, ratings, pulse answers, the training-hours ledger,
// goals achieved, verified outcomes and pairing health. Every row is keyed by its event's own id, so a write is
// idempotent; the insert-only ones are declared as rows for many events at once (a rebuild writes a batch in one statement).

export const sessionsCompleted = insertRows<SessionCompletedV1>(
  'analytics.sessions', { tenant_id: 'text', program_id: 'text', pairing_id: 'text', session_id: 'text', occurred_at: 'timestamptz', minutes: 'int', format: 'text' }, (p) => [
    p.tenantId, p.programId, p.pairingId, p.sessionId, p.occurredAt, p.minutes, p.format,
  ]);

export const feedbacksSubmitted = insertRows<FeedbackSubmittedV1>(
  'analytics.session_ratings', { tenant_id: 'text', program_id: 'text', session_id: 'text', rater_role: 'text', rating: 'int', submitted_at: 'timestamptz' }, (p) => [
    p.tenantId, p.programId, p.sessionId, p.raterRole, p.rating, p.submittedAt,
  ]);

export const pulseSurveysAnswered = insertRows<PulseSurveyAnsweredV1>(
  'analytics.pulse_answers',
  { tenant_id: 'text', program_id: 'text', pairing_id: 'text', period: 'text', respondent_role: 'text', score: 'int', answered_at: 'timestamptz' },
  (p) => [p.tenantId, p.programId, p.pairingId, p.period, p.respondentRole, p.score, p.answeredAt],
);

/** The hours ledger: credits and corrections are both entries; a correction carries the signed difference. */
const HOURS_COLUMNS = { tenant_id: 'text', program_id: 'text', entry_id: 'text', user_id: 'text', role: 'text', month: 'text', minutes: 'int', recorded_at: 'timestamptz' };
export const trainingHoursCredits = insertRows<TrainingHoursCreditedV1>(
  'analytics.training_hours', HOURS_COLUMNS, (p) => [p.tenantId, p.programId, p.entryId, p.userId, p.role, p.month, p.minutes, p.creditedAt]);
export const trainingHoursCorrections = insertRows<TrainingHoursCorrectedV1>(
  'analytics.training_hours', HOURS_COLUMNS, (p) => [p.tenantId, p.programId, p.entryId, p.userId, p.role, p.month, p.deltaMinutes, p.correctedAt]);

export const goalsAchieved = insertRows<GoalAchievedV1>(
  'analytics.goals', { tenant_id: 'text', program_id: 'text', pairing_id: 'text', goal_id: 'text', achieved_at: 'timestamptz' }, (p) => [
    p.tenantId, p.programId, p.pairingId, p.goalId, p.achievedAt,
  ]);

export const outcomesVerified = insertRows<OutcomeVerifiedV1>(
  'analytics.outcomes', { tenant_id: 'text', program_id: 'text', outcome_id: 'text', kind: 'text', beneficiary_role: 'text', verified_at: 'timestamptz' }, (p) => [
    p.tenantId, p.programId, p.outcomeId, p.kind, p.beneficiaryRole, p.verifiedAt,
  ]);

/** Health episodes only move forward: a late, older alert never overwrites a newer state. */
async function setHealth(tx: Transaction, p: PairingAtRiskV1 | PairingRecoveredV1, atRisk: boolean, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pairing_health (tenant_id, program_id, pairing_id, at_risk, episode, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET at_risk = EXCLUDED.at_risk, episode = EXCLUDED.episode, changed_at = EXCLUDED.changed_at
     WHERE analytics.pairing_health.episode < EXCLUDED.episode
        OR (analytics.pairing_health.episode = EXCLUDED.episode AND NOT EXCLUDED.at_risk)`,
    [p.tenantId, p.programId, p.pairingId, atRisk, p.episode, at],
  );
  await tx.query(
    `INSERT INTO analytics.pairing_health_changes (tenant_id, program_id, pairing_id, episode, at_risk, changed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.pairingId, p.episode, atRisk, at],
  );
}

export const pairingAtRisk = (tx: Transaction, p: PairingAtRiskV1) => setHealth(tx, p, true, p.detectedAt);
export const pairingRecovered = (tx: Transaction, p: PairingRecoveredV1) => setHealth(tx, p, false, p.recoveredAt);

/** Session tracking's public events, each into its engagement read model. */
export const engagementProjection = integrationProjection({
  name: 'engagement',
  tables: [
    'analytics.sessions',
    'analytics.session_ratings',
    'analytics.pulse_answers',
    'analytics.training_hours',
    'analytics.goals',
    'analytics.outcomes',
    'analytics.pairing_health',
    'analytics.pairing_health_changes',
  ],
  on: [
    appliesAll(SessionCompleted, sessionsCompleted),
    appliesAll(FeedbackSubmitted, feedbacksSubmitted),
    appliesAll(PulseSurveyAnswered, pulseSurveysAnswered),
    appliesAll(TrainingHoursCredited, trainingHoursCredits),
    appliesAll(TrainingHoursCorrected, trainingHoursCorrections),
    appliesAll(GoalAchieved, goalsAchieved),
    appliesAll(OutcomeVerified, outcomesVerified),
    applies(PairingAtRisk, pairingAtRisk),
    applies(PairingRecovered, pairingRecovered),
  ],
});
