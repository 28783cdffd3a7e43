import { Database, EventStore, EVENT_STORE_MIGRATIONS, START, newId, type CommitPosition, type EventToAppend, type OutboxMessage } from '@tandem/event-store';
import { createTestDataSource, eventually } from '@tandem/testing';
import type { DataSource } from 'typeorm';
import { positionAfter, readOutbox, type OutboxRow } from './relay';

const meta = { correlationId: 'c-1', actor: { id: 'u-1' } };
const event = (type: string, data: unknown = {}): EventToAppend => ({ type, data, metadata: meta });
const message = (topic: string, payload: unknown): OutboxMessage => ({
  messageId: newId(),
  topic,
  key: 'k',
  type: 'tandem.testing.Thing.v1',
  tenantId: 't1',
  payload: JSON.stringify(payload),
  headers: {},
});

// The relay publishes what readOutbox returns, in that order: these are its commit-order guarantees.
describe('readOutbox: the relay reads the outbox in commit order (PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    ({ dataSource, close } = await createTestDataSource('outbox_reader', EVENT_STORE_MIGRATIONS));
    db = new Database(dataSource);
    store = new EventStore(db);
  });
  afterAll(() => close());

  /** Pages from `from` until the reader stops, keeping only the rows of `topics`. */
  const readEverything = async (from: CommitPosition, pageSize: number, topics: Set<string>) => {
    const seen: OutboxRow[] = [];
    let at = from;
    for (;;) {
      const page = await readOutbox(db, at, pageSize);
      if (page.length === 0) return { seen: seen.filter((row) => topics.has(row.topic)), at };
      seen.push(...page);
      at = positionAfter(page.at(-1)!);
    }
  };

  it('never skips a transaction that commits after a later one', async () => {
    // Only this test's two messages count: on the shared cluster, another database's open transaction can hold the
    // first read back, so earlier rows may still be read after it.
    const ours = new Set(['late', 'early']);
    let { at } = await readEverything(START, 100, ours);

    // A slow transaction takes its sequence number first but commits last.
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(
      `INSERT INTO messaging.outbox (message_id, topic, message_key, event_type, tenant_id, payload, headers)
       VALUES ($1, 'late', 'k', 'tandem.testing.Thing.v1', 't1', '{}', '{}')`,
      [newId()],
    );
    await store.append('t1', 'Early-1', [event('EarlyEvent')], { expectedVersion: 'no_stream', outbox: [message('early', {})] });

    // While the slow transaction is open the reader must not move past it, so it must not see the early one.
    const whileOpen = await readEverything(at, 100, ours);
    expect(whileOpen.seen.map((row) => row.topic)).toEqual([]);

    await slow.commitTransaction();
    await slow.release();
    // (Transactions of other databases on the cluster may hold the reader back a moment longer.)
    const afterCommit = await eventually('both messages', async () => {
      const read = await readEverything(at, 100, ours);
      return read.seen.length >= 2 ? read : undefined;
    });
    expect(afterCommit.seen.map((row) => row.topic)).toEqual(['late', 'early']);
    at = afterCommit.at;
    expect((await readEverything(at, 100, ours)).seen).toHaveLength(0);
  });

  it('pages through many messages of one transaction in order, skipping none and repeating none', async () => {
    const { at: from } = await readEverything(START, 1_000_000, new Set());
    const outbox = Array.from({ length: 120 }, (_, i) => message('bulk', { i }));
    await store.append('t1', 'Bulk-1', [event('Numbered')], { expectedVersion: 'no_stream', outbox });
    const seen: number[] = [];
    let at = from;
    // Readers wait for every transaction older than theirs in the whole cluster (other test files included).
    await eventually('all 120 messages', async () => {
      for (;;) {
        const page = await readOutbox(db, at, 7);
        if (page.length === 0) return seen.length >= 120 ? true : undefined;
        seen.push(...page.filter((row) => row.topic === 'bulk').map((row) => (JSON.parse(row.payload) as { i: number }).i));
        at = positionAfter(page.at(-1)!);
      }
    });
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });
});
