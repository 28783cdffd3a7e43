import 'reflect-metadata';
import type { CommandBus } from '@nestjs/cqrs';
import { ConcurrencyError, Database, EVENT_STORE_MIGRATIONS, newId, type EventMetadata, type OutboxMessage } from '@tandem/event-store';
import { IllegalStateError, type IntegrationEventContract, type PayloadOf } from '@tandem/kernel';
import { ContractRegistry } from '@tandem/messaging';
import { Clock } from '@tandem/platform';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import type { PairActor, SessionCommand } from '@tandem/session-tracking-domain';
import { createTestDataSource } from '@tandem/testing';
import { EvaluateHealthCommand } from '../engagement-health/engagement-health.commands';
import { ProgramPolicies1763700000200 } from '../migrations/1763700000200-program-policies';
import { SessionTracking1763700000210 } from '../migrations/1763700000210-session-tracking';
import { ImportHold1763700000240 } from '../migrations/1763700000240-import-hold';
import { findPairing, PairAccess, type PairingRow } from '../pairings/pairings.queries';
import { PairingStarted } from '@tandem/enrollment-contracts';
import { applyToProjection } from '@tandem/platform';
import { pairingsProjection } from '../pairings/pairings.projection';
import { Outbox } from '../shared/outbox';
import { sessionTrackingCommandBus, sessionTrackingStore } from '../testing/command-bus';
import { RunSessionCommand, RunSessionCommandHandler } from './sessions.commands';
import { SessionsController } from './sessions.http';
import { SessionQueries } from './sessions.queries';

class RegistryOutbox extends Outbox {
  private readonly registry = new ContractRegistry(SESSION_TRACKING_CONTRACTS);
  failOn: string | null = null;
  message<C extends IntegrationEventContract<any>>(contract: C, payload: PayloadOf<C>, cause: { eventId: string; metadata: EventMetadata }): OutboxMessage {
    if (contract.name === this.failOn) throw new Error(`simulated failure building ${contract.name}`);
    return this.registry.toOutboxMessage({ topicPrefix: '' }, contract, payload, { messageId: newId(), time: new Date(), correlationId: cause.metadata.correlationId });
  }
}

const DAY = 86_400_000;
const START = new Date('2027-05-01T09:00:00.000Z');
const day = (n: number) => new Date(START.getTime() + n * DAY).toISOString();
const TENANT = 'acme';
const mentor: PairActor = { userId: 'mia', side: 'mentor' };
const mentee: PairActor = { userId: 'max', side: 'mentee' };

/** The session pipeline against the real database: atomic confirmations, lazy expiry, concurrent confirmations. */
describe('sessions (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let sessions: RunSessionCommandHandler;
  let queries: SessionQueries;
  let commands: CommandBus;
  let pairing: PairingRow;
  const outbox = new RegistryOutbox();

  beforeAll(async () => {
    env = await createTestDataSource('st_sessions', [...EVENT_STORE_MIGRATIONS, ProgramPolicies1763700000200, SessionTracking1763700000210, ImportHold1763700000240]);
    db = new Database(env.dataSource);
    const store = sessionTrackingStore(db);
    commands = sessionTrackingCommandBus(store, outbox, db);
    sessions = new RunSessionCommandHandler(store, outbox, commands);
    queries = new SessionQueries(db);
    await db.transaction((tx) =>
      applyToProjection(
        pairingsProjection,
        PairingStarted,
        tx,
        {
          payload: {
            tenantId: TENANT, programId: 'prog-1', pairingId: 'p-1', proposalId: 'p-1', startedAt: START.toISOString(),
            mentor: { applicationId: 'a1', userId: 'mia', employeeId: 'e1', name: 'Mia' }, mentee: { applicationId: 'a2', userId: 'max', employeeId: 'e2', name: 'Max' },
          },
        } as any,
      ),
    );
    pairing = (await findPairing(db, TENANT, 'p-1'))!;
  });
  afterAll(() => env?.close());

  const context = (actor: PairActor) => ({ tenantId: TENANT, actor: { id: actor.userId }, correlationId: 'c' });
  async function log(at: string, minutes = 45): Promise<string> {
    const sessionId = newId();
    await sessions.execute(
      new RunSessionCommand(
        { type: 'LogSession', sessionId, pairingId: 'p-1', programId: 'prog-1', pairingStartedAt: START.toISOString(), details: { occurredAt: at, minutes, format: 'video', topics: [] }, by: mentor, at },
        context(mentor),
        pairing,
      ),
    );
    return sessionId;
  }
  const confirm = (sessionId: string, at: string) => sessions.execute(new RunSessionCommand({ type: 'ConfirmSession', sessionId, by: mentee, at }, context(mentee), pairing));
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;

  it('writes nothing of a confirmation when any part of it fails (no event, no credit, no outbox row, no read-model change)', async () => {
    const sessionId = await log(day(1));
    const before = { events: await count('event_store.events'), outbox: await count('messaging.outbox') };
    outbox.failOn = 'TrainingHoursCredited'; // the ledger step, after the session's own append
    await expect(confirm(sessionId, day(2))).rejects.toThrow(/simulated failure/);
    outbox.failOn = null;
    expect(await count('event_store.events')).toBe(before.events);
    expect(await count('messaging.outbox')).toBe(before.outbox);
    expect(await count('session_tracking.training_hours_entries')).toBe(0);
    expect((await findPairing(db, TENANT, 'p-1'))!.confirmedSessions).toBe(0);
    expect((await queries.view(TENANT, sessionId, { side: null, manager: true }, new Date(day(2)))).confirmation).toBe('pending');

    await confirm(sessionId, day(2)); // and it goes through once the fault is gone
    expect((await queries.view(TENANT, sessionId, { side: null, manager: true }, new Date(day(2))))).toMatchObject({ confirmation: 'confirmed', counts: true });
    expect(await count('session_tracking.training_hours_entries')).toBe(2);
  });

  // The session-confirmed policy's other two steps: moving the cadence anchor, then re-evaluating health.
  it('writes nothing of a confirmation when moving the cadence anchor fails (a pairing unknown here)', async () => {
    const ghost: PairingRow = { ...pairing, pairingId: 'p-ghost' };
    const sessionId = newId();
    const logged: SessionCommand = { type: 'LogSession', sessionId, pairingId: 'p-ghost', programId: 'prog-1', pairingStartedAt: START.toISOString(), details: { occurredAt: day(3), minutes: 30, format: 'video', topics: [] }, by: mentor, at: day(3) };
    await sessions.execute(new RunSessionCommand(logged, context(mentor), ghost));
    const before = { events: await count('event_store.events'), outbox: await count('messaging.outbox'), entries: await count('session_tracking.training_hours_entries') };
    await expect(sessions.execute(new RunSessionCommand({ type: 'ConfirmSession', sessionId, by: mentee, at: day(4) }, context(mentee), ghost))).rejects.toThrow(/Pairing p-ghost not found/);
    expect({ events: await count('event_store.events'), outbox: await count('messaging.outbox'), entries: await count('session_tracking.training_hours_entries') }).toEqual(before);
    expect((await queries.view(TENANT, sessionId, { side: null, manager: true }, new Date(day(4)))).confirmation).toBe('pending');
  });

  it('writes nothing of a confirmation when re-evaluating health fails (the last step), and recovers the pairing once it goes through', async () => {
    await db.transaction((tx) =>
      applyToProjection(
        pairingsProjection,
        PairingStarted,
        tx,
        {
          payload: {
            tenantId: TENANT, programId: 'prog-1', pairingId: 'p-2', proposalId: 'p-2', startedAt: START.toISOString(),
            mentor: { applicationId: 'a3', userId: 'mia', employeeId: 'e1', name: 'Mia' }, mentee: { applicationId: 'a4', userId: 'max', employeeId: 'e2', name: 'Max' },
          },
        } as any,
      ),
    );
    const p2 = (await findPairing(db, TENANT, 'p-2'))!;
    const sessionId = newId();
    const logged: SessionCommand = { type: 'LogSession', sessionId, pairingId: 'p-2', programId: 'prog-1', pairingStartedAt: START.toISOString(), details: { occurredAt: day(50), minutes: 30, format: 'video', topics: [] }, by: mentor, at: day(50) };
    await sessions.execute(new RunSessionCommand(logged, context(mentor), p2));
    // Window 45 days (no program policy here): p-2 alone is judged at risk on day 50.
    await db.transaction(async (tx) => commands.execute(new EvaluateHealthCommand(context(mentor), (await findPairing(tx, TENANT, 'p-2', true))!, new Date(day(50)))));
    expect((await findPairing(db, TENANT, 'p-2'))!.health).toBe('at-risk');

    const before = { events: await count('event_store.events'), outbox: await count('messaging.outbox'), entries: await count('session_tracking.training_hours_entries') };
    outbox.failOn = 'PairingRecovered';
    const confirmP2 = () => sessions.execute(new RunSessionCommand({ type: 'ConfirmSession', sessionId, by: mentee, at: day(51) }, context(mentee), p2));
    await expect(confirmP2()).rejects.toThrow(/simulated failure/);
    outbox.failOn = null;
    expect({ events: await count('event_store.events'), outbox: await count('messaging.outbox'), entries: await count('session_tracking.training_hours_entries') }).toEqual(before);
    expect(await findPairing(db, TENANT, 'p-2')).toMatchObject({ health: 'at-risk', confirmedSessions: 0 });

    await confirmP2();
    expect(await findPairing(db, TENANT, 'p-2')).toMatchObject({ health: 'healthy', confirmedSessions: 1 });
    expect(await count(`session_tracking.training_hours_entries WHERE session_id = $1`, [sessionId])).toBe(2);
  });

  it('shows a session left unconfirmed past its window as expired (evaluated with the clock), and refuses confirming it', async () => {
    const sessionId = await log(day(10));
    const viewAt = (n: number) => queries.view(TENANT, sessionId, { side: 'mentee', manager: false }, new Date(day(n)));
    expect((await viewAt(24)).confirmation).toBe('pending'); // confirmBy = day 24
    expect(await viewAt(25)).toMatchObject({ confirmation: 'expired', counts: false });
    const expired = await queries.forPairing(TENANT, 'p-1', { limit: 50, offset: 0, confirmation: 'expired' }, { side: 'mentee', manager: false }, new Date(day(25)));
    expect(expired.items.map((s) => s.sessionId)).toEqual([sessionId]);
    const pending = await queries.forPairing(TENANT, 'p-1', { limit: 50, offset: 0, confirmation: 'pending' }, { side: 'mentee', manager: false }, new Date(day(25)));
    expect(pending.items.map((s) => s.sessionId)).not.toContain(sessionId);
    await expect(confirm(sessionId, day(25))).rejects.toThrow(IllegalStateError);
    await expect(confirm(sessionId, day(25))).rejects.toThrow(/confirmation window closed/);
  });

  it('confirms different sessions of one pair concurrently (both credited), and the same session exactly once', async () => {
    const [a, b] = [await log(day(30), 30), await log(day(30), 60)];
    const credited = await count('session_tracking.training_hours_entries');
    await Promise.all([confirm(a, day(31)), confirm(b, day(31))]);
    expect(await count('session_tracking.training_hours_entries')).toBe(credited + 4);

    const c = await log(day(32));
    const results = await Promise.allSettled([confirm(c, day(33)), confirm(c, day(33)), confirm(c, day(33))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason instanceof IllegalStateError || r.reason instanceof ConcurrencyError).toBe(true);
    }
    expect(await count(`session_tracking.training_hours_entries WHERE session_id = $1`, [c])).toBe(2);
    expect(await count(`messaging.outbox WHERE event_type = 'tandem.session-tracking.SessionCompleted.v1' AND payload::jsonb ->> 'sessionId' = $1`, [c])).toBe(1);
  });

  it('completes a session reading its row once, and answers with the row the command wrote', async () => {
    const clock = new (class extends Clock {
      current = new Date(day(40));
      now() {
        return new Date(this.current);
      }
    })();
    const bus = { execute: (command: RunSessionCommand) => sessions.execute(command) } as unknown as CommandBus;
    const controller = new SessionsController(bus, queries, new PairAccess(db), clock, db);
    const scheduled = await controller.schedule('p-1', { scheduledAt: day(41), plannedMinutes: 45, format: 'video' }, context(mentor));
    clock.current = new Date(day(42));

    const reads = jest.spyOn(queries, 'row');
    const completed = await controller.complete(scheduled.sessionId, { minutes: 50 }, context(mentor));
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect(completed).toMatchObject({ status: 'completed', format: 'video', minutes: 50, confirmation: 'pending', reportedBy: 'mentor' });
    expect(completed).toEqual(await queries.view(TENANT, scheduled.sessionId, { side: 'mentor', manager: false }, clock.now()));
  });
});
