import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `recognition.programs`: who manages each program (ProgramCreated, ProgramManagersChanged), for `@ProgramScope` routes. */
export class Programs1763700000310 implements MigrationInterface {
  name = 'Programs1763700000310';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recognition.programs (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        managers    jsonb       NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS recognition.programs`);
  }
}
