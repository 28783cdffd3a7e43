import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `program_policies.managers`: who manages each program (from ProgramCreated, then ProgramManagersChanged), for
 * the program-scope check of every management route and read of participants' data. A program seen before this
 * column existed has no managers here until its next ProgramManagersChanged: only tenant admins manage it.
 */
export class ProgramManagers1763700000220 implements MigrationInterface {
  name = 'ProgramManagers1763700000220';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE session_tracking.program_policies ADD COLUMN managers jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE session_tracking.program_policies DROP COLUMN managers`);
  }
}
