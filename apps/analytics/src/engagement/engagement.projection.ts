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
import { applies, integrationProjection } from '@tandem/platform';
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
// goals achieved, verified outcomes and pairing health. Every row is keyed by its event's own id, so a write is idempotent.

export async function sessionCompleted(tx: Transaction, p: SessionCompletedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.sessions (tenant_id, program_id, pairing_id, session_id, occurred_at, minutes, format)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.pairingId, p.sessionId, p.occurredAt, p.minutes, p.format],
  );
}

export async function feedbackSubmitted(tx: Transaction, p: FeedbackSubmittedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.session_ratings (tenant_id, program_id, session_id, rater_role, rating, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.sessionId, p.raterRole, p.rating, p.submittedAt],
  );
}

export async function pulseSurveyAnswered(tx: Transaction, p: PulseSurveyAnsweredV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pulse_answers (tenant_id, program_id, pairing_id, period, respondent_role, score, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.pairingId, p.period, p.respondentRole, p.score, p.answeredAt],
  );
}

/** The hours ledger: credits and corrections are both entries; a correction carries the signed difference. */
async function hoursEntry(tx: Transaction, p: TrainingHoursCreditedV1 | TrainingHoursCorrectedV1, minutes: number, recordedAt: string): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.training_hours (tenant_id, program_id, entry_id, user_id, role, month, minutes, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.entryId, p.userId, p.role, p.month, minutes, recordedAt],
  );
}

export const trainingHoursCredited = (tx: Transaction, p: TrainingHoursCreditedV1) => hoursEntry(tx, p, p.minutes, p.creditedAt);
export const trainingHoursCorrected = (tx: Transaction, p: TrainingHoursCorrectedV1) => hoursEntry(tx, p, p.deltaMinutes, p.correctedAt);

export async function goalAchieved(tx: Transaction, p: GoalAchievedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.goals (tenant_id, program_id, pairing_id, goal_id, achieved_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.pairingId, p.goalId, p.achievedAt],
  );
}

export async function outcomeVerified(tx: Transaction, p: OutcomeVerifiedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.outcomes (tenant_id, program_id, outcome_id, kind, beneficiary_role, verified_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.outcomeId, p.kind, p.beneficiaryRole, p.verifiedAt],
  );
}

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
    applies(SessionCompleted, sessionCompleted),
    applies(FeedbackSubmitted, feedbackSubmitted),
    applies(PulseSurveyAnswered, pulseSurveyAnswered),
    applies(TrainingHoursCredited, trainingHoursCredited),
    applies(TrainingHoursCorrected, trainingHoursCorrected),
    applies(GoalAchieved, goalAchieved),
    applies(OutcomeVerified, outcomeVerified),
    applies(PairingAtRisk, pairingAtRisk),
    applies(PairingRecovered, pairingRecovered),
  ],
});
