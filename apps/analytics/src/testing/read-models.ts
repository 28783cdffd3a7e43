import { Database } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { analyticsService } from '../analytics.module';

/** A fresh database with analytics' migrations, for the projection tests against the real PostgreSQL. */
export async function analyticsTestDatabase(label: string): Promise<{ db: Database; close(): Promise<void> }> {
  const env = await createTestDataSource(label, analyticsService.migrations);
  return { db: new Database(env.dataSource), close: () => env.close() };
}

/** A program row as ProgramCreated would leave it, for tests of the figures that join it. */
export async function insertProgram(db: Database, tenantId: string, programId: string, status = 'open'): Promise<void> {
  await db.query(
    `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
     VALUES ($1, $2, 'Engineering', $3, 'evergreen', 2, 45, '[]', now(), now())`,
    [tenantId, programId, status],
  );
}
