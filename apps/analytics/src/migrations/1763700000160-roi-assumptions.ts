import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The versions of each program's ROI assumptions (projected from analytics' own `RoiAssumptions-<programId>` streams). */
export class RoiAssumptions1763700000160 implements MigrationInterface {
  name = 'RoiAssumptions1763700000160';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.roi_assumptions (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        version     integer     NOT NULL,
        assumptions jsonb       NOT NULL,
        set_by      text        NOT NULL,
        set_at      timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS analytics.roi_assumptions`);
  }
}
