import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts at millisecond precision (what the evaluation reads: a JavaScript time), and the index a program-wide read
 * of one kind of fact (a preview, a back-fill) walks in the evaluation's order — person, occurrence time, event id
 * in code-unit order — carrying every column it returns, so it neither sorts nor visits the table.
 */
export class FactsByKind1763700000330 implements MigrationInterface {
  name = 'FactsByKind1763700000330';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE recognition.facts SET occurred_at = date_trunc('milliseconds', occurred_at) WHERE occurred_at <> date_trunc('milliseconds', occurred_at)`);
    await db.query(`
      CREATE INDEX facts_by_kind ON recognition.facts (tenant_id, program_id, kind, role, person_id, occurred_at, event_id COLLATE "C")
      INCLUDE (value, counterpart, ref, detail)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS recognition.facts_by_kind`);
  }
}
