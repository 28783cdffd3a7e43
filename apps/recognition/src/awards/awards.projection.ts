import type { Transaction } from '@tandem/event-store';
import type { AwardEvent, AwardState } from '@tandem/recognition-domain';

/**
 * `recognition.awards`: one row per person, badge and program — the award as its stream stands after a decision,
 * written in the transaction that appends the award's events.
 */
export async function projectAward(tx: Transaction, tenantId: string, state: AwardState, decided: AwardEvent[], at: string): Promise<void> {
  if (state.status === 'none') return;
  const flag = [...decided].reverse().find((e) => e.type === 'AwardFlagged');
  const revoke = decided.find((e) => e.type === 'BadgeRevoked');
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
      state.status, state.flagged,
      flag?.type === 'AwardFlagged' ? flag.data.reason : null,
      revoke?.type === 'BadgeRevoked' ? revoke.data.reason : null,
      state.awardedAt, at,
    ],
  );
}
