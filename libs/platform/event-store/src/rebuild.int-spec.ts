import { InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';
import { createTestDataSource } from '@tandem/testing';
import { executeCommand, type CommandContext } from './command';
import { Database } from './database';
import { EventStore } from './event-store';
import { projection, Projections } from './projection';
import { rebuildReadModels } from './rebuild';
import { EVENT_STORE_MIGRATIONS } from './schema';

type Bumped = DomainEvent<'Bumped', { by: number; at: string }>;
const counter: Decider<{ by: number; at: string }, Bumped, number> = {
  initialState: () => 0,
  evolve: (n, e) => n + e.data.by,
  decide: ({ by, at }) => {
    if (by <= 0) throw new InvalidCommandError('by must be positive', 'counter.invalid');
    return [{ type: 'Bumped', data: { by, at } }];
  },
};
const context: CommandContext = { tenantId: 't1', actor: { id: 'u1' }, correlationId: 'c1' };

/** One declaration, two uses: the append applies it; the rebuild replays it in stored (numeric) order, page by page. */
const counters = projection<Bumped, number>({
  name: 'counters',
  category: 'Counter',
  decider: counter,
  tables: ['rebuild_counters'],
  on: {
    Bumped: async (tx, { tenantId, streamId, streamVersion, state, data }) => {
      await tx.query(
        `INSERT INTO rebuild_counters (tenant_id, stream, value, version, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, stream) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
        [tenantId, streamId, state, streamVersion, data.at],
      );
    },
  },
});

describe('declared projections: applied by the append, replayed by the rebuild (PostgreSQL)', () => {
  let setup: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    setup = await createTestDataSource('rebuild', EVENT_STORE_MIGRATIONS);
    db = new Database(setup.dataSource);
    store = new EventStore(db, new Projections([counters]));
    await db.query(`CREATE TABLE rebuild_counters (tenant_id text, stream text, value int NOT NULL, version int NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, stream))`);
  });
  afterAll(() => setup?.close());

  const rows = async () => (await db.query(`SELECT tenant_id, stream, value, version, updated_at FROM rebuild_counters ORDER BY tenant_id, stream`)).rows;

  it('rebuilds exactly the rows the appends wrote, across more than one page and past position 9 → 10', async () => {
    for (let i = 1; i <= 14; i++) {
      const at = new Date(Date.UTC(2027, 0, i)).toISOString();
      await executeCommand(store, counter, { streamId: `Counter-${i % 3}`, command: { by: i, at }, context: { ...context, tenantId: i % 2 ? 't1' : 't2' } });
    }
    await executeCommand(store, counter, { streamId: 'Other-1', command: { by: 1, at: '2027-02-01T00:00:00.000Z' }, context }); // no projection: no row
    const inline = await rows();
    expect(inline).toHaveLength(6);
    await db.query(`UPDATE rebuild_counters SET value = -1`); // a damaged read model
    await db.query(`INSERT INTO rebuild_counters VALUES ('t9', 'Counter-stray', 1, 1, now())`); // and a row no event explains

    expect(await rebuildReadModels(store, db, { pageSize: 4 })).toEqual({ Counter: 14 });
    expect(await rows()).toEqual(inline);
  });
});
