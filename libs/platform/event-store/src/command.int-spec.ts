import { InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';
import { createTestDataSource } from '@tandem/testing';
import { traceparentOf, withSpanFromHeaders } from '@tandem/tracing';
import { Database } from './database';
import { EventStore } from './event-store';
import { EVENT_STORE_MIGRATIONS } from './schema';
import { executeCommand, type CommandContext } from './command';
import { currentTransaction, outsideTransaction } from './transaction-scope';
import { ConcurrencyError } from './errors';
import { projection, Projections } from './projection';

type Bumped = DomainEvent<'Bumped', { by: number }>;
const counter: Decider<{ by: number }, Bumped, number> = {
  initialState: () => 0,
  evolve: (n, e) => n + e.data.by,
  decide: ({ by }) => {
    if (by <= 0) throw new InvalidCommandError('by must be positive', 'counter.invalid');
    return [{ type: 'Bumped', data: { by } }];
  },
};
const context: CommandContext = { tenantId: 't1', actor: { id: 'u1' }, correlationId: 'c1' };

describe('executeCommand (PostgreSQL)', () => {
  let setup: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let store: EventStore;
  /** Counters (`C-…` streams) projected into `counters` by a declared projection; `F-…` streams by one that fails. */
  const counters = projection<Bumped, number>({
    name: 'counters',
    category: 'C',
    decider: counter,
    tables: ['counters'],
    on: {
      Bumped: async (tx, { streamId, state }) => {
        await tx.query(`INSERT INTO counters VALUES ($1, $2) ON CONFLICT (stream) DO UPDATE SET value = $2`, [streamId, state]);
      },
    },
  });
  const failing = projection<Bumped, number>({
    name: 'failing',
    category: 'F',
    decider: counter,
    tables: [],
    on: {
      Bumped: async () => {
        throw new Error('read model down');
      },
    },
  });

  beforeAll(async () => {
    setup = await createTestDataSource('command', EVENT_STORE_MIGRATIONS);
    db = new Database(setup.dataSource);
    store = new EventStore(db, new Projections([counters, failing]));
    await db.query(`CREATE TABLE counters (stream text PRIMARY KEY, value int NOT NULL)`);
  });
  afterAll(() => setup?.close());

  it('re-decides on fresh state after a conflict, and projects in the same transaction', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => executeCommand(store, counter, { streamId: 'C-1', command: { by: 1 }, context, maxAttempts: 20 })),
    );
    expect(results.map((r) => r.state).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.readStream('t1', 'C-1')).version).toBe(6);
    expect((await db.query(`SELECT value FROM counters WHERE stream = 'C-1'`)).rows).toEqual([{ value: 6 }]);
  });

  it('rolls the append back when the projection fails, and writes nothing for a refused command', async () => {
    await expect(executeCommand(store, counter, { streamId: 'F-2', command: { by: 1 }, context })).rejects.toThrow('read model down');
    expect((await store.readStream('t1', 'F-2')).version).toBe(0);
    await expect(executeCommand(store, counter, { streamId: 'C-2', command: { by: 0 }, context })).rejects.toBeInstanceOf(InvalidCommandError);
    expect((await store.readStream('t1', 'C-2')).version).toBe(0);
  });

  it('answers a stale expected version with a conflict instead of retrying', async () => {
    await executeCommand(store, counter, { streamId: 'C-3', command: { by: 1 }, context });
    await expect(executeCommand(store, counter, { streamId: 'C-3', command: { by: 1 }, context, expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('writes once per idempotency key', async () => {
    const keyed = { ...context, idempotencyKey: 'k-1' };
    const first = await executeCommand(store, counter, { streamId: 'C-4', command: { by: 2 }, context: keyed });
    const again = await executeCommand(store, counter, { streamId: 'C-4', command: { by: 2 }, context: keyed });
    expect(first.events).toHaveLength(1);
    expect(again).toMatchObject({ state: 2, version: 1, events: [] });
  });

  it('stamps every event with a W3C traceparent: the caller\'s, else the active span\'s, else a new trace\'s', async () => {
    const traceparentOfStream = async (streamId: string) => (await store.readStream('t1', streamId)).events.map((e) => e.metadata.traceparent);
    const given = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await executeCommand(store, counter, { streamId: 'T-1', command: { by: 1 }, context: { ...context, traceparent: given } });
    expect(await traceparentOfStream('T-1')).toEqual([given]);

    const active = await withSpanFromHeaders({ traceparent: given }, 'consume', async () => {
      await executeCommand(store, counter, { streamId: 'T-2', command: { by: 1 }, context });
      return traceparentOf();
    });
    expect(active).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(active).not.toBe(given);
    expect(await traceparentOfStream('T-2')).toEqual([active]);

    await executeCommand(store, counter, { streamId: 'T-3', command: { by: 1 }, context });
    await executeCommand(store, counter, { streamId: 'T-3', command: { by: 2 }, context });
    const [first, second] = await traceparentOfStream('T-3');
    expect(first).toMatch(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-0[01]$/);
    expect(second).toMatch(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-0[01]$/);
    expect(second!.slice(3, 35)).not.toBe(first!.slice(3, 35)); // two commands outside any trace: two traces
  });

  it('joins the transaction it is dispatched in (no tx parameter): the outer rollback takes its events with it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`SELECT 1`);
        expect(currentTransaction()).toBe(tx);
        await executeCommand(store, counter, { streamId: 'S-1', command: { by: 1 }, context });
        expect((await store.readStream('t1', 'S-1', {}, tx)).version).toBe(1); // visible inside…
        throw new Error('the outer unit of work fails');
      }),
    ).rejects.toThrow('the outer unit of work fails');
    expect((await store.readStream('t1', 'S-1')).version).toBe(0); // …and gone with it
    expect(currentTransaction()).toBeUndefined();
  });

  it('commits on its own outside the current transaction when asked to, and a nested transaction joins the outer one', async () => {
    await db.transaction(async (outer) => {
      await outsideTransaction(() => executeCommand(store, counter, { streamId: 'S-2', command: { by: 1 }, context }));
      await db.transaction(async (inner) => expect(inner).toBe(outer));
    });
    expect((await store.readStream('t1', 'S-2')).version).toBe(1);
  });
});
