import type { Transaction } from '@tandem/event-store';
import type { AwardAmendedV1, BadgeAwardedV1, BadgeRevokedV1, RecognitionGrantedV1, RecognitionGrantRevokedV1 } from '@tandem/recognition-contracts';
import { applies, integrationProjection } from '@tandem/platform';
import { AwardAmended, BadgeAwarded, BadgeRevoked, RecognitionGranted, RecognitionGrantRevoked } from '@tandem/recognition-contracts';

/**
 * `analytics.recognitions`: each award once (a redelivery changes nothing), counted in the month it was EARNED
 * (history back-filled by a new rule counts when it happened); an amendment moves it, a revocation marks it.
 * Award events are keyed by person, so one award's events arrive in order.
 */
export async function recognitionAwarded(tx: Transaction, p: BadgeAwardedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.recognitions (tenant_id, program_id, badge_id, person_id, tier, earned_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.badgeId, p.personId, p.tier, p.earnedAt],
  );
}

export async function recognitionAmended(tx: Transaction, p: AwardAmendedV1): Promise<void> {
  await tx.query(`UPDATE analytics.recognitions SET earned_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3 AND person_id = $4`, [
    p.tenantId, p.programId, p.badgeId, p.personId, p.earnedAt,
  ]);
}

export async function recognitionRevoked(tx: Transaction, p: BadgeRevokedV1): Promise<void> {
  await tx.query(`UPDATE analytics.recognitions SET revoked = true, revoked_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3 AND person_id = $4`, [
    p.tenantId, p.programId, p.badgeId, p.personId, p.revokedAt,
  ]);
}

/**
 * A manual recognition (issue 13) is a recognition issued too: one row per grant (`badge_id` = `grant:<grantId>`, so a
 * granted badge never collides with the same badge earned automatically), in the month it was granted, with the
 * badge's tier (`custom` for a custom recognition).
 */
export async function recognitionGranted(tx: Transaction, p: RecognitionGrantedV1): Promise<void> {
  await recognitionAwarded(tx, { tenantId: p.tenantId, programId: p.programId, badgeId: `grant:${p.grantId}`, personId: p.personId, tier: p.tier, earnedAt: p.grantedAt } as BadgeAwardedV1);
}

export async function recognitionGrantRevoked(tx: Transaction, p: RecognitionGrantRevokedV1): Promise<void> {
  await recognitionRevoked(tx, { tenantId: p.tenantId, programId: p.programId, badgeId: `grant:${p.grantId}`, personId: p.personId, revokedAt: p.revokedAt } as BadgeRevokedV1);
}

/** Recognition's award and grant events into recognitions per program, tier and month. */
export const recognitionsProjection = integrationProjection({
  name: 'recognitions',
  tables: ['analytics.recognitions'],
  on: [
    applies(BadgeAwarded, recognitionAwarded),
    applies(AwardAmended, recognitionAmended),
    applies(BadgeRevoked, recognitionRevoked),
    applies(RecognitionGranted, recognitionGranted),
    applies(RecognitionGrantRevoked, recognitionGrantRevoked),
  ],
});
