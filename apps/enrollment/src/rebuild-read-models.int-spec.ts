import { Database, EventStore, rebuildReadModels } from '@tandem/event-store';
import { approvedParticipant, openProgram, startInProcessEnrollment, type InProcessEnrollment } from './testing/in-process-enrollment';

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
        tables[table] = (await database.query(`SELECT * FROM enrollment.${table} ORDER BY 2`)).rows;
      }
      return tables;
    };
    const pairingStamps = async () =>
      (await database.query<{ updated_at: Date }>(`SELECT updated_at FROM enrollment.pairings`)).rows.map((r) => r.updated_at.toISOString());
    // The pairing's row is stamped with the time its last event happened (the injected clock's), not the wall clock's.
    expect(await pairingStamps()).toEqual([enrollment.clock.now().toISOString()]);
    const before = await snapshot();
    await database.query(`DELETE FROM enrollment.pairings; DELETE FROM enrollment.applications`);

    const lines: string[] = [];
    const counts = await rebuildReadModels(enrollment.app.get(EventStore), database, { pageSize: 5, progress: (line) => lines.push(line) });
    // Every stored event of the four categories was replayed once.
    const stored = await database.query<{ category: string; n: number }>(
      `SELECT split_part(stream_id, '-', 1) AS category, count(*)::int AS n FROM event_store.events GROUP BY 1`,
    );
    expect(counts).toEqual(Object.fromEntries(stored.rows.map((r) => [r.category, r.n])));
    expect(Object.keys(counts).sort()).toEqual(['Application', 'MatchingRun', 'Pairing', 'Program']);
    expect(lines.length).toBeGreaterThan(0);
    // Every row, its version and its `updated_at` included, is what the commands wrote.
    expect(await snapshot()).toEqual(before);
    expect(await pairingStamps()).toEqual([enrollment.clock.now().toISOString()]);
  });
});
