import { DataSource } from 'typeorm';
import { Database } from '@tandem/event-store';
import { openProgram, startInProcessEnrollment, type InProcessEnrollment } from '../testing/in-process-enrollment';
import { ProgramManagers1763700000020 } from './1763700000020-program-managers';

/** Programs that existed before `enrollment.programs.managers` get their managers from the event store. */
describe('program managers migration (real PostgreSQL)', () => {
  let enrollment: InProcessEnrollment;

  beforeAll(async () => {
    enrollment = await startInProcessEnrollment('managers_migration');
  });
  afterAll(() => enrollment?.close());

  it('fills each program with the managers of its latest event that names them', async () => {
    const { call, pm } = enrollment;
    const changed = await openProgram(enrollment);
    expect((await call('PUT', `/programs/${changed}/managers`, pm(), { managers: ['pm', 'pm-2'] })).status).toBe(200);
    expect((await call('POST', `/programs/${changed}/status`, pm(), { status: 'running' })).status).toBe(200); // a later event without managers
    const untouched = await openProgram(enrollment);

    const database = enrollment.app.get(Database);
    const managers = async () =>
      Object.fromEntries((await database.query<{ program_id: string; managers: string[] }>(`SELECT program_id, managers FROM enrollment.programs`)).rows.map((r) => [r.program_id, r.managers]));
    const written = await managers();
    expect(written).toEqual({ [changed]: ['pm', 'pm-2'], [untouched]: ['pm'] });

    const runner = enrollment.app.get(DataSource).createQueryRunner();
    try {
      const migration = new ProgramManagers1763700000020();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await managers()).toEqual(written);
  });
});
