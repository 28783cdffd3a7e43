import 'reflect-metadata';
import type { CommandBus } from '@nestjs/cqrs';
import { Database, EventStore, EVENT_STORE_MIGRATIONS, newId, type EventMetadata, type OutboxMessage } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import { ContractRegistry } from '@tandem/messaging';
import { Clock, loadServiceConfig } from '@tandem/platform';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { createTestDataSource, eventually } from '@tandem/testing';
import { withSpanFromHeaders } from '@tandem/tracing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ProgramPolicies1763700000200 } from '../migrations/1763700000200-program-policies';
import { SessionTracking1763700000210 } from '../migrations/1763700000210-session-tracking';
import { ImportHold1763700000240 } from '../migrations/1763700000240-import-hold';
import { findPairing } from '../pairings/pairings.queries';
import { PairingStarted, PairingStatusChanged } from '@tandem/enrollment-contracts';
import { applyToProjection } from '@tandem/platform';
import { pairingsProjection, releaseImportHolds } from '../pairings/pairings.projection';
import { RunSessionCommand, RunSessionCommandHandler } from '../sessions/sessions.commands';
import { Outbox } from '../shared/outbox';
import { sessionTrackingCommandBus, sessionTrackingStore } from '../testing/command-bus';
import { EngagementHealthChecker, EngagementHealthScheduler } from './engagement-health.schedule';

/** The outbox rows the service would write, built from the contracts registry (no Kafka needed here). */
class RegistryOutbox extends Outbox {
  private readonly registry = new ContractRegistry(SESSION_TRACKING_CONTRACTS);
  message<C extends IntegrationEventContract<any>>(contract: C, payload: PayloadOf<C>, cause: { eventId: string; metadata: EventMetadata }): OutboxMessage {
    return this.registry.toOutboxMessage({ topicPrefix: '' }, contract, payload, { messageId: newId(), time: new Date(), correlationId: cause.metadata.correlationId, causationId: cause.eventId });
  }
}

class FakeClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return this.current;
  }
}

const DAY = 86_400_000;
const START = new Date('2027-03-01T09:00:00.000Z');
const day = (n: number) => new Date(START.getTime() + n * DAY);
const TENANT = 'acme';
const MIGRATIONS = [...EVENT_STORE_MIGRATIONS, ProgramPolicies1763700000200, SessionTracking1763700000210, ImportHold1763700000240];

/**
 * Engagement health against the real PostgreSQL with a controlled clock: detection after the cadence window,
 * never the same alert twice (again, after a "restart", or with several replicas racing), recovery by a confirmed
 * session (in the confirmation's transaction) and by resuming, and the scheduler driven by an injected Clock.
 */
describe('engagement health (real database, controlled clock)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let checker: EngagementHealthChecker;
  let commands: CommandBus;
  let store: EventStore;
  const outbox = new RegistryOutbox();
  const extra: DataSource[] = [];

  beforeAll(async () => {
    env = await createTestDataSource('st_health', MIGRATIONS);
    db = new Database(env.dataSource);
    store = sessionTrackingStore(db);
    commands = sessionTrackingCommandBus(store, outbox, db);
    checker = new EngagementHealthChecker(db, commands);
    // 2 sessions a month → window ceil(30 / 2 × 1.5) = 23 days
    await db.query(
      `INSERT INTO session_tracking.program_policies (tenant_id, program_id, name, status, sessions_per_month, session_minutes, updated_at)
       VALUES ($1, 'prog-1', 'Engineering', 'running', 2, 45, now())`,
      [TENANT],
    );
  });

  afterAll(async () => {
    for (const ds of extra) if (ds.isInitialized) await ds.destroy();
    await env?.close();
  });

  const received = (payload: unknown) => ({ payload }) as any;

  async function startPairing(pairingId: string, startedAt = START) {
    await db.transaction((tx) =>
      applyToProjection(
        pairingsProjection,
        PairingStarted,
        tx,
        received({
          tenantId: TENANT, programId: 'prog-1', pairingId, proposalId: `prop-${pairingId}`, startedAt: startedAt.toISOString(),
          mentor: { applicationId: 'a1', userId: `mentor-${pairingId}`, employeeId: 'e1', name: 'Mia Mentor' },
          mentee: { applicationId: 'a2', userId: `mentee-${pairingId}`, employeeId: 'e2', name: 'Max Mentee' },
        }),
      ),
    );
  }

  async function changeStatus(pairingId: string, from: string, to: string, at: Date) {
    await db.transaction((tx) =>
      applyToProjection(
        pairingsProjection,
        PairingStatusChanged,
        tx,
        received({ tenantId: TENANT, programId: 'prog-1', pairingId, from, to, reason: null, changedBy: 'pm-1', changedAt: at.toISOString() }),
      ),
    );
  }

  const healthEvents = async (pairingId: string) =>
    (await db.query<{ event_type: string }>(`SELECT event_type FROM event_store.events WHERE tenant_id = $1 AND stream_id = $2 ORDER BY stream_version`, [TENANT, `EngagementHealth-${pairingId}`])).rows.map(
      (r) => r.event_type,
    );
  const outboxTypes = async (pairingId: string) =>
    (await db.query<{ event_type: string }>(`SELECT event_type FROM messaging.outbox WHERE message_key = $1 ORDER BY position`, [pairingId])).rows.map((r) => r.event_type);
  const pairingRow = async (pairingId: string) =>
    (await db.query<{ health: string; window_days: number; due_at: Date }>(`SELECT health, window_days, due_at FROM session_tracking.pairings WHERE pairing_id = $1`, [pairingId])).rows[0];

  it('raises PairingAtRisk once the 23-day window has passed without a confirmed session — once, however often it runs', async () => {
    await startPairing('p-1');
    expect(await pairingRow('p-1')).toMatchObject({ health: 'healthy', window_days: 23, due_at: day(23) });

    expect(await checker.checkDue(day(22))).toMatchObject({ atRisk: 0, recovered: 0 });
    expect(await checker.checkDue(day(23))).toMatchObject({ atRisk: 0 }); // due exactly now: not yet overdue
    expect(await checker.checkDue(day(24))).toMatchObject({ atRisk: 1, failed: 0 });
    expect(await healthEvents('p-1')).toEqual(['PairingAtRisk']);
    expect(await outboxTypes('p-1')).toEqual(['tandem.session-tracking.PairingAtRisk.v1']);
    const { rows } = await db.query<{ payload: string }>(`SELECT payload FROM messaging.outbox WHERE message_key = 'p-1'`);
    expect(JSON.parse(rows[0].payload)).toMatchObject({
      tenantId: TENANT, programId: 'prog-1', pairingId: 'p-1', mentorUserId: 'mentor-p-1', menteeUserId: 'mentee-p-1',
      lastSessionAt: null, windowDays: 23, overdueSince: day(23).toISOString(), detectedAt: day(24).toISOString(), episode: 1,
    });
    expect((await pairingRow('p-1')).health).toBe('at-risk');

    // Again later, and after a "restart" (a new checker on a new connection pool): nothing new.
    expect(await checker.checkDue(day(30))).toMatchObject({ atRisk: 0, evaluated: 0 });
    const restarted = new DataSource({ type: 'postgres', url: env.database.url });
    await restarted.initialize();
    extra.push(restarted);
    const restartedDb = new Database(restarted);
    const afterRestart = new EngagementHealthChecker(restartedDb, sessionTrackingCommandBus(sessionTrackingStore(restartedDb), outbox, restartedDb));
    expect(await afterRestart.checkDue(day(31))).toMatchObject({ atRisk: 0 });
    expect(await healthEvents('p-1')).toEqual(['PairingAtRisk']);
  });

  it('raises exactly one alert per pairing when several replicas check at the same moment', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `race-${i}`);
    for (const id of ids) await startPairing(id, day(40));
    const replicas = await Promise.all(
      [1, 2, 3].map(async () => {
        const ds = new DataSource({ type: 'postgres', url: env.database.url, extra: { max: 4 } });
        await ds.initialize();
        extra.push(ds);
        const replicaDb = new Database(ds);
        return new EngagementHealthChecker(replicaDb, sessionTrackingCommandBus(sessionTrackingStore(replicaDb), outbox, replicaDb));
      }),
    );
    const reports = await Promise.all(replicas.map((r) => r.checkDue(day(70))));
    expect(reports.reduce((n, r) => n + r.atRisk, 0)).toBe(ids.length);
    expect(reports.reduce((n, r) => n + r.failed, 0)).toBe(0);
    for (const id of ids) {
      expect(await healthEvents(id)).toEqual(['PairingAtRisk']);
      expect(await outboxTypes(id)).toEqual(['tandem.session-tracking.PairingAtRisk.v1']);
    }
  });

  it('recovers in the same transaction as the confirmation of a session, which also credits both ledgers', async () => {
    const b = 100; // this test's days start here (the fake clock only moves forward across tests)
    await startPairing('p-2', day(b));
    await checker.checkDue(day(b + 25));
    expect(await healthEvents('p-2')).toEqual(['PairingAtRisk']);

    const sessions = new RunSessionCommandHandler(store, outbox, commands);
    const row = (await findPairing(db, TENANT, 'p-2'))!;
    const sessionId = newId();
    const context = { tenantId: TENANT, actor: { id: 'mentor-p-2' }, correlationId: 'c-1' };
    const mentor = { userId: 'mentor-p-2', side: 'mentor' as const };
    const mentee = { userId: 'mentee-p-2', side: 'mentee' as const };
    await sessions.execute(
      new RunSessionCommand(
        {
          type: 'LogSession', sessionId, pairingId: 'p-2', programId: 'prog-1', pairingStartedAt: day(b).toISOString(),
          details: { occurredAt: day(b + 25).toISOString(), minutes: 50, format: 'video', topics: [] }, by: mentor, at: day(b + 26).toISOString(),
        },
        context,
        row,
      ),
    );
    // Logged, not confirmed: still at risk, nothing credited.
    expect(await checker.checkDue(day(b + 26))).toMatchObject({ recovered: 0 });
    expect((await pairingRow('p-2')).health).toBe('at-risk');

    await sessions.execute(new RunSessionCommand({ type: 'ConfirmSession', sessionId, by: mentee, at: day(b + 27).toISOString() }, { ...context, actor: { id: 'mentee-p-2' } }, row));
    expect(await healthEvents('p-2')).toEqual(['PairingAtRisk', 'PairingRecovered']);
    expect(await pairingRow('p-2')).toMatchObject({ health: 'healthy', due_at: day(b + 25 + 23) });
    expect(await outboxTypes('p-2')).toEqual([
      'tandem.session-tracking.PairingAtRisk.v1',
      'tandem.session-tracking.SessionCompleted.v1',
      'tandem.session-tracking.TrainingHoursCredited.v1',
      'tandem.session-tracking.TrainingHoursCredited.v1',
      'tandem.session-tracking.PairingRecovered.v1',
    ]);
    const credits = await db.query<{ user_id: string; minutes: number }>(`SELECT user_id, minutes FROM session_tracking.training_hours_entries WHERE pairing_id = 'p-2' ORDER BY role`);
    expect(credits.rows).toEqual([{ user_id: 'mentee-p-2', minutes: 60 }, { user_id: 'mentor-p-2', minutes: 60 }]);
    // ...and the ledger rows cannot be edited.
    await expect(db.query(`UPDATE session_tracking.training_hours_entries SET minutes = 0`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM session_tracking.training_hours_entries`)).rejects.toThrow(/append-only/);

    // The next lapse is a new episode, 23 days after the session.
    expect(await checker.checkDue(day(b + 48))).toMatchObject({ atRisk: 0 });
    expect(await checker.checkDue(day(b + 49))).toMatchObject({ atRisk: 1 });
    expect(await healthEvents('p-2')).toEqual(['PairingAtRisk', 'PairingRecovered', 'PairingAtRisk']);
  });

  it('never alerts for a paused pairing, and resuming restarts the window (recovering an at-risk one)', async () => {
    const b = 200;
    await startPairing('p-3', day(b));
    await startPairing('p-4', day(b));
    await changeStatus('p-3', 'active', 'paused', day(b + 10));
    expect(await checker.checkDue(day(b + 60))).toMatchObject({ failed: 0 });
    expect(await healthEvents('p-3')).toEqual([]);
    expect(await healthEvents('p-4')).toEqual(['PairingAtRisk']);

    await changeStatus('p-3', 'paused', 'active', day(b + 61));
    await changeStatus('p-4', 'active', 'paused', day(b + 61));
    await changeStatus('p-4', 'paused', 'active', day(b + 62));
    expect(await checker.checkDue(day(b + 63))).toMatchObject({ recovered: 1, atRisk: 0 });
    expect(await healthEvents('p-4')).toEqual(['PairingAtRisk', 'PairingRecovered']);
    expect(await checker.checkDue(day(b + 61 + 24))).toMatchObject({ atRisk: 1 }); // p-3: 23 days after resuming
    expect(await healthEvents('p-3')).toEqual(['PairingAtRisk']);
  });

  it('leaves an imported pairing on hold until its history is in, then judges it as usual', async () => {
    const imported = {
      importId: 'import-1',
      payload: {
        tenantId: TENANT, programId: 'prog-1', pairingId: 'p-imported', proposalId: 'prop-imported', startedAt: START.toISOString(),
        mentor: { applicationId: 'a1', userId: 'mentor-imported', employeeId: 'e1', name: 'Mia Mentor' },
        mentee: { applicationId: 'a2', userId: 'mentee-imported', employeeId: 'e2', name: 'Max Mentee' },
      },
    } as any;
    await db.transaction((tx) => applyToProjection(pairingsProjection, PairingStarted, tx, imported));
    expect(await checker.checkDue(day(60))).toMatchObject({ atRisk: 0 });
    expect(await healthEvents('p-imported')).toEqual([]);
    await db.transaction((tx) => releaseImportHolds(tx, TENANT, ['p-imported'], day(59).toISOString()));
    await checker.checkDue(day(60));
    expect(await healthEvents('p-imported')).toEqual(['PairingAtRisk']);
    // A replay of the pairings projection (the row rebuilt from the same event) does not put it on hold again.
    await db.query(`DELETE FROM session_tracking.pairings WHERE pairing_id = 'p-imported'`);
    await db.transaction((tx) => applyToProjection(pairingsProjection, PairingStarted, tx, imported));
    expect((await db.query(`SELECT import_hold FROM session_tracking.pairings WHERE pairing_id = 'p-imported'`)).rows).toEqual([{ import_hold: false }]);
  });

  it('evaluates each pairing in a new trace of its own, whatever context the check is called in', async () => {
    await startPairing('t-1', day(400));
    await startPairing('t-2', day(400));
    const caller = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await withSpanFromHeaders({ traceparent: caller }, 'caller', () => checker.checkDue(day(430)));
    const traceIds = [];
    for (const pairingId of ['t-1', 't-2']) {
      const { rows } = await db.query<{ traceparent: string }>(
        `SELECT metadata->>'traceparent' AS traceparent FROM event_store.events WHERE tenant_id = $1 AND stream_id = $2`,
        [TENANT, `EngagementHealth-${pairingId}`],
      );
      expect(rows).toHaveLength(1);
      traceIds.push(/^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/.exec(rows[0].traceparent)?.[1]);
    }
    expect(traceIds[0]).toBeDefined();
    expect(traceIds[1]).toBeDefined();
    expect(traceIds[0]).not.toBe(traceIds[1]);
    expect(traceIds).not.toContain('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('the scheduler checks on its interval with the injected Clock, and stops cleanly', async () => {
    await startPairing('p-5', day(300));
    const clock = new FakeClock(day(301));
    const config = loadServiceConfig('session-tracking', 0, { DATABASE_URL: env.database.url, KAFKA_BROKERS: 'unused:1', AUTH_ISSUER: 't', AUTH_PUBLIC_KEY: 'k' });
    const scheduler = new EngagementHealthScheduler(checker, clock, config, { healthCheckIntervalMs: 100 }, pino({ level: 'silent' }));
    scheduler.onApplicationBootstrap();
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(await healthEvents('p-5')).toEqual([]);
      clock.current = day(324); // the fake clock moves; the real one does not
      await eventually('the scheduler to raise the alert', async () => ((await healthEvents('p-5')).length === 1 ? true : undefined), { timeoutMs: 5000 });
    } finally {
      await scheduler.beforeApplicationShutdown();
    }
    expect(await healthEvents('p-5')).toEqual(['PairingAtRisk']);
  });
});
