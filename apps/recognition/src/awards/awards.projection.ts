import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { awardDecider, type AwardEvent, type AwardState } from '@tandem/recognition-domain';

type Projected = ProjectedEvent<AwardEvent, AwardState>;

/**
 * The award as its stream stands after `event`, stamped with the event's own time (`updated_at`): awarded, amended,
 * flagged or revoked at. The flag's and the revocation's reasons are kept once given.
 */
async function upsertAward(tx: Transaction, event: Projected, time: string, reasons: { flag?: string; revoke?: string } = {}): Promise<void> {
  const { tenantId, state } = event;
  if (state.status === 'none') return;
  await tx.query(
    `INSERT INTO recognition.awards (tenant_id, program_id, badge_id, person_id, tier, rule_version, earned_at, evidence, status, flagged,
       flag_reason, revoke_reason, awarded_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (tenant_id, program_id, badge_id, person_id) DO UPDATE SET
       rule_version = EXCLUDED.rule_version, earned_at = EXCLUDED.earned_at, evidence = EXCLUDED.evidence, status = EXCLUDED.status,
       flagged = EXCLUDED.flagged, flag_reason = COALESCE(EXCLUDED.flag_reason, recognition.awards.flag_reason),
       revoke_reason = COALESCE(EXCLUDED.revoke_reason, recognition.awards.revoke_reason), updated_at = EXCLUDED.updated_at`,
    [
      tenantId, state.programId, state.badgeId, state.personId, state.tier, state.ruleVersion, state.earnedAt, JSON.stringify(state.evidence),
      state.status, state.flagged, reasons.flag ?? null, reasons.revoke ?? null, state.awardedAt, time,
    ],
  );
}

/** `recognition.awards`: one row per person, badge and program, applied by the append of the award's events. */
export const awardsProjection = projection<AwardEvent, AwardState>({
  name: 'awards',
  category: 'Award',
  decider: awardDecider,
  tables: ['recognition.awards'],
  on: {
    BadgeAwarded: (tx, e) => upsertAward(tx, e, e.data.awardedAt),
    AwardAmended: (tx, e) => upsertAward(tx, e, e.data.amendedAt),
    AwardFlagged: (tx, e) => upsertAward(tx, e, e.data.flaggedAt, { flag: e.data.reason }),
    BadgeRevoked: (tx, e) => upsertAward(tx, e, e.data.revokedAt, { revoke: e.data.reason }),
  },
});
