import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10: a pairing records the hard filters a manager override broke (acknowledged by name) and whether the
 * exclusion of a rejected or declined pair was lifted; a matching run records the exclusions it applied.
 * Rows written before have neither (no override was acknowledged, nothing was lifted): the defaults say so.
 * An application keeps its latest decision and reason (for `GET /my/applications`); `npm run rebuild` fills it
 * for applications decided before.
 */
export class PairingExclusions1763700000030 implements MigrationInterface {
  name = 'PairingExclusions1763700000030';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE enrollment.pairings ADD COLUMN overridden_filters jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await db.query(`ALTER TABLE enrollment.pairings ADD COLUMN exclusion_lifted boolean NOT NULL DEFAULT false`);
    await db.query(`CREATE INDEX pairings_exclusions_idx ON enrollment.pairings (tenant_id, program_id) WHERE status IN ('rejected', 'declined') AND NOT exclusion_lifted`);
    await db.query(`ALTER TABLE enrollment.matching_runs ADD COLUMN exclusions jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await db.query(`ALTER TABLE enrollment.applications ADD COLUMN decision jsonb`);
    await db.query(`CREATE INDEX applications_user_idx ON enrollment.applications (tenant_id, user_id, applied_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX enrollment.applications_user_idx`);
    await db.query(`ALTER TABLE enrollment.applications DROP COLUMN decision`);
    await db.query(`ALTER TABLE enrollment.matching_runs DROP COLUMN exclusions`);
    await db.query(`DROP INDEX enrollment.pairings_exclusions_idx`);
    await db.query(`ALTER TABLE enrollment.pairings DROP COLUMN exclusion_lifted`);
    await db.query(`ALTER TABLE enrollment.pairings DROP COLUMN overridden_filters`);
  }
}
