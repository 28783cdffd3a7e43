import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `enrollment.programs.managers`: who manages each program, for the program-scope check every management
 * route runs (one primary-key read). Existing rows are filled from the latest event of each program stream
 * that carries the list (created, revised or managers changed).
 */
export class ProgramManagers1763700000020 implements MigrationInterface {
  name = 'ProgramManagers1763700000020';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE enrollment.programs ADD COLUMN managers jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await db.query(`
      UPDATE enrollment.programs p SET managers = latest.data->'managers'
      FROM (
        SELECT DISTINCT ON (tenant_id, stream_id) tenant_id, stream_id, data
        FROM event_store.events
        WHERE stream_id LIKE 'Program-%' AND event_type IN ('ProgramCreated', 'ProgramRevised', 'ProgramManagersChanged')
        ORDER BY tenant_id, stream_id, stream_version DESC
      ) latest
      WHERE latest.tenant_id = p.tenant_id AND latest.stream_id = 'Program-' || p.program_id`);
    await db.query(`ALTER TABLE enrollment.programs ALTER COLUMN managers DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE enrollment.programs DROP COLUMN managers`);
  }
}
