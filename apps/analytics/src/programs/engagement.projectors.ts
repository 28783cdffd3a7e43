import { Injectable } from '@nestjs/common';
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
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';

type Event<C> = ReceivedEvent<PayloadOf<C>>;

@SubscribesTo(SessionCompleted)
@Injectable()
export class SessionProjector implements Subscriber<typeof SessionCompleted> {
  async handle({ payload: p }: Event<typeof SessionCompleted>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.sessions VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.pairingId, p.sessionId, p.occurredAt, p.minutes, p.format],
    );
  }
}

@SubscribesTo(FeedbackSubmitted)
@Injectable()
export class RatingProjector implements Subscriber<typeof FeedbackSubmitted> {
  async handle({ payload: p }: Event<typeof FeedbackSubmitted>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.session_ratings VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.sessionId, p.raterRole, p.rating, p.submittedAt],
    );
  }
}

@SubscribesTo(PulseSurveyAnswered)
@Injectable()
export class PulseProjector implements Subscriber<typeof PulseSurveyAnswered> {
  async handle({ payload: p }: Event<typeof PulseSurveyAnswered>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.pulse_answers VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.pairingId, p.period, p.respondentRole, p.score],
    );
  }
}

/** The hours ledger: credits and corrections are both entries; a correction carries the signed difference. */
@SubscribesTo(TrainingHoursCredited)
@Injectable()
export class HoursCreditProjector implements Subscriber<typeof TrainingHoursCredited> {
  async handle({ payload: p }: Event<typeof TrainingHoursCredited>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.training_hours VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.entryId, p.userId, p.role, p.month, p.minutes],
    );
  }
}

@SubscribesTo(TrainingHoursCorrected)
@Injectable()
export class HoursCorrectionProjector implements Subscriber<typeof TrainingHoursCorrected> {
  async handle({ payload: p }: Event<typeof TrainingHoursCorrected>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.training_hours VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.entryId, p.userId, p.role, p.month, p.deltaMinutes],
    );
  }
}

@SubscribesTo(OutcomeVerified)
@Injectable()
export class OutcomeProjector implements Subscriber<typeof OutcomeVerified> {
  async handle({ payload: p }: Event<typeof OutcomeVerified>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.outcomes VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.outcomeId, p.kind, p.beneficiaryRole, p.verifiedAt],
    );
  }
}

/** Health episodes only move forward: a late, older alert never overwrites a newer state. */
async function setHealth(tx: Transaction, p: { tenantId: string; programId: string; pairingId: string; episode: number }, atRisk: boolean, at: string) {
  await tx.query(
    `INSERT INTO analytics.pairing_health VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET at_risk = EXCLUDED.at_risk, episode = EXCLUDED.episode, changed_at = EXCLUDED.changed_at
     WHERE analytics.pairing_health.episode < EXCLUDED.episode
        OR (analytics.pairing_health.episode = EXCLUDED.episode AND NOT EXCLUDED.at_risk)`,
    [p.tenantId, p.programId, p.pairingId, atRisk, p.episode, at],
  );
}

@SubscribesTo(PairingAtRisk)
@Injectable()
export class AtRiskProjector implements Subscriber<typeof PairingAtRisk> {
  async handle({ payload: p }: Event<typeof PairingAtRisk>, tx: Transaction) {
    await setHealth(tx, p, true, p.detectedAt);
  }
}

@SubscribesTo(PairingRecovered)
@Injectable()
export class RecoveredProjector implements Subscriber<typeof PairingRecovered> {
  async handle({ payload: p }: Event<typeof PairingRecovered>, tx: Transaction) {
    await setHealth(tx, p, false, p.recoveredAt);
  }
}

export const EngagementProjectors = [
  SessionProjector,
  RatingProjector,
  PulseProjector,
  HoursCreditProjector,
  HoursCorrectionProjector,
  OutcomeProjector,
  AtRiskProjector,
  RecoveredProjector,
];
