import { Database, EventStore } from '@tandem/event-store';
import { approvedParticipant, openProgram, startInProcessEnrollment, type InProcessEnrollment } from '../testing/in-process-enrollment';
import { rebuildEnrollmentReadModels } from './rebuild';

/** Every read-model row can be recomputed from the event store alone. */
describe('enrollment read-model rebuild (real PostgreSQL)', () => {
  let enrollment: InProcessEnrollment;

  beforeAll(async () => {
    enrollment = await startInProcessEnrollment('rebuild');
  });
  afterAll(() => enrollment?.close());

  it('restores programs, applications, matching runs and pairings exactly as the commands wrote them', async () => {
    const { call, pm } = enrollment;
    const programId = await openProgram(enrollment);
    const mentor = await approvedParticipant(enrollment, programId, 'mentor-r', 'mentor');
    await approvedParticipant(enrollment, programId, 'mentee-r1', 'mentee');
    const mentee = await approvedParticipant(enrollment, programId, 'mentee-r2', 'mentee');
    const run = await call('POST', `/programs/${programId}/matching-runs`, pm());
    expect(run.status).toBe(201);
    const request = await call('POST', `/programs/${programId}/requests`, mentee.token, { mentorApplicationId: mentor.id });
    expect(request.status).toBe(409); // the only mentor slot is held by the run's proposal

    const database = enrollment.app.get(Database);
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const table of ['programs', 'applications', 'matching_runs', 'pairings']) {
        tables[table] = (await database.query(`SELECT * FROM enrollment.${table} ORDER BY 2`)).rows.map(({ updated_at: _u, ...row }: Record<string, unknown>) => row);
      }
      return tables;
    };
    const pairingStamps = async () =>
      (await database.query<{ updated_at: Date }>(`SELECT updated_at FROM enrollment.pairings`)).rows.map((r) => r.updated_at.toISOString());
    // The pairing was written at the injected clock's time, not the wall clock's.
    expect(await pairingStamps()).toEqual([enrollment.clock.now().toISOString()]);
    const before = await snapshot();
    await database.query(`DELETE FROM enrollment.pairings; DELETE FROM enrollment.applications`);

    const lines: string[] = [];
    const rebuiltAt = new Date('2027-02-01T00:00:00Z');
    const counts = await rebuildEnrollmentReadModels(enrollment.app.get(EventStore), database, rebuiltAt, (line) => lines.push(line));
    expect(counts).toEqual({ Program: 1, Application: 3, MatchingRun: 1, Pairing: 1 });
    expect(lines).toContain('[rebuild] Application: 3/3 streams');
    expect(await snapshot()).toEqual(before);
    expect(await pairingStamps()).toEqual([rebuiltAt.toISOString()]);
  });
});
