import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analytics.programs.managers`: who manages each program (ProgramCreated, ProgramManagersChanged), for
 * `@ProgramScope` routes. A program projected before this column existed has none until its next change
 * (or a replay of the enrollment topic): only tenant admins manage it here meanwhile.
 */
export class ProgramManagers1763700000130 implements MigrationInterface {
  name = 'ProgramManagers1763700000130';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics.programs ADD COLUMN managers jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics.programs DROP COLUMN managers`);
  }
}
