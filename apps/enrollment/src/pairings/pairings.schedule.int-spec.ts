import { Database } from '@tandem/event-store';
import { approvedParticipant, openProgram, startInProcessEnrollment, type InProcessEnrollment } from '../testing/in-process-enrollment';
import { ProposalExpiry } from './pairings.schedule';

/** Proposals expire on the clock, by the sweeper or on the spot, and give both sides their capacity back. */
describe('proposal expiry (enrollment in-process, real PostgreSQL and Kafka, controlled clock)', () => {
  let enrollment: InProcessEnrollment;

  beforeAll(async () => {
    enrollment = await startInProcessEnrollment('expiry');
  });
  afterAll(() => enrollment?.close());

  it('expires overdue proposals in the sweep and on the spot, releasing capacity', async () => {
    const { call, pm, clock } = enrollment;
    const programId = await openProgram(enrollment, 3);
    const mentor = await approvedParticipant(enrollment, programId, 'mentor-a', 'mentor');
    const mentee1 = await approvedParticipant(enrollment, programId, 'mentee-1', 'mentee');
    const mentee2 = await approvedParticipant(enrollment, programId, 'mentee-2', 'mentee');

    const first = await call('POST', `/programs/${programId}/requests`, mentee1.token, { mentorApplicationId: mentor.id });
    expect(first.status).toBe(201);
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(1);

    const sweeper = enrollment.app.get(ProposalExpiry);
    clock.current = new Date('2027-01-12T09:00:00Z'); // 2 days: not yet
    expect(await sweeper.sweep()).toBe(0);
    clock.current = new Date('2027-01-13T09:00:01Z'); // 3 days and a second
    expect(await sweeper.sweep()).toBe(1);
    expect(await sweeper.sweep()).toBe(0);
    expect((await call('GET', `/pairings/${first.body.pairingId}`, pm())).body.status).toBe('expired');
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(0);
    expect((await call('GET', `/applications/${mentee1.id}`, pm())).body.held).toBe(0);
    // The expiry is a unit of work of its own: its events (the pairing's, both released holds) share one new trace.
    const { rows } = await enrollment.app.get(Database).query<{ stream_id: string; traceparent: string }>(
      `SELECT stream_id, metadata->>'traceparent' AS traceparent FROM event_store.events ORDER BY global_position`,
    );
    const traceId = (r: { traceparent: string }) => /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/.exec(r.traceparent)?.[1];
    const expiry = rows.slice(-3);
    expect(expiry.map((r) => r.stream_id).sort()).toEqual([`Application-${mentee1.id}`, `Application-${mentor.id}`, `Pairing-${first.body.pairingId}`].sort());
    expect(new Set(expiry.map(traceId)).size).toBe(1);
    expect(traceId(expiry[0])).toBeDefined();
    expect(rows.slice(0, -3).map(traceId)).not.toContain(traceId(expiry[0]));

    // A proposal acted on after its deadline expires there and then, and the action is refused.
    const second = await call('POST', `/programs/${programId}/requests`, mentee2.token, { mentorApplicationId: mentor.id });
    clock.current = new Date('2027-01-20T09:00:00Z');
    const late = await call('POST', `/pairings/${second.body.pairingId}/accept`, mentor.token);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('pairing.expired');
    expect((await call('GET', `/pairings/${second.body.pairingId}`, pm())).body.status).toBe('expired');
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(0);
  });
});
