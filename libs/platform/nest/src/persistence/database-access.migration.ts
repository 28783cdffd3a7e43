import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every service's database is its own: PostgreSQL lets any role connect to any database unless CONNECT is revoked
 * from PUBLIC, so an analyst's login (or any other service's) could otherwise open this one. The service's own
 * role keeps CONNECT explicitly; analytics grants it to `tandem_reporting` as well (its reporting views are the one
 * surface meant for others). A role without the right to change database privileges (a managed database where a
 * DBA runs it) only gets a notice: docs/analysts.md says what to run instead.
 */
export class DatabaseAccess1796300000000 implements MigrationInterface {
  name = 'DatabaseAccess1796300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ BEGIN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), current_user);
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'run REVOKE CONNECT ON DATABASE % FROM PUBLIC as its owner', current_database();
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO PUBLIC', current_database()); END $$`);
  }
}
