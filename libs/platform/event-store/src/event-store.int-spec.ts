import { createTestDataSource } from '@tandem/testing';
import type { DataSource } from 'typeorm';
import { Database } from './database';
import { ConcurrencyError } from './errors';
import { EventStore, type EventToAppend } from './event-store';
import { EVENT_STORE_MIGRATIONS } from './schema';
import { newId } from './ids';

const meta = { correlationId: 'c-1', actor: { id: 'u-1' } };
const event = (type: string, data: unknown = {}, eventId?: string): EventToAppend => ({ type, data, metadata: meta, eventId });

describe('EventStore (PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    ({ dataSource, close } = await createTestDataSource('event_store', EVENT_STORE_MIGRATIONS));
    db = new Database(dataSource);
    store = new EventStore(db);
  });
  afterAll(() => close());

  it('appends to a new stream and reads it back in order with its metadata', async () => {
    const result = await store.append('t1', 'Program-a', [event('ProgramCreated', { n: 1 }), event('ProgramOpened')], {
      expectedVersion: 'no_stream',
    });
    expect(result).toEqual({ version: 2, appended: true });

    const stream = await store.readStream('t1', 'Program-a');
    expect(stream.version).toBe(2);
    expect(stream.events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'ProgramCreated', { n: 1 }],
      [2, 'ProgramOpened', {}],
    ]);
    expect(stream.events[0].metadata).toEqual(meta);
    expect(stream.events[0].tenantId).toBe('t1');
    expect(stream.events[0].schemaVersion).toBe(1);
  });

  it('refuses an append at the wrong expected version and writes nothing', async () => {
    await store.append('t1', 'Program-b', [event('ProgramCreated')], { expectedVersion: 'no_stream' });
    await expect(
      store.append('t1', 'Program-b', [event('ProgramOpened')], { expectedVersion: 5 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      store.append('t1', 'Program-b', [event('ProgramCreated')], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('t1', 'Program-new', [event('X')], { expectedVersion: 3 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect((await store.readStream('t1', 'Program-b')).version).toBe(1);
    expect((await store.readStream('t1', 'Program-new')).events).toHaveLength(0);
  });

  it('lets exactly one of 16 concurrent writers at the same expected version win', async () => {
    await store.append('t1', 'Race-1', [event('Started')], { expectedVersion: 'no_stream' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => store.append('t1', 'Race-1', [event('Bumped', { i })], { expectedVersion: 1 })),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(15);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('t1', 'Race-1')).version).toBe(2);
  });

  it('treats a repeated append of the same event ids as a no-op', async () => {
    const id = newId();
    await store.append('t1', 'Idem-1', [event('Created', {}, id)], { expectedVersion: 'no_stream' });
    const again = await store.append('t1', 'Idem-1', [event('Created', {}, id)], { expectedVersion: 'no_stream' });
    expect(again).toEqual({ version: 1, appended: false });
    expect((await store.readStream('t1', 'Idem-1')).events).toHaveLength(1);
  });

  it('answers a repeat after the stream moved on with its current version, and writes nothing', async () => {
    const first = newId();
    await store.append('t1', 'Idem-2', [event('Created', {}, first)], { expectedVersion: 'no_stream' });
    await store.append('t1', 'Idem-2', [event('Renamed'), event('Opened')], { expectedVersion: 1 });
    expect(await store.append('t1', 'Idem-2', [event('Created', {}, first)], { expectedVersion: 'no_stream' })).toEqual({ version: 3, appended: false });
    expect((await store.readStream('t1', 'Idem-2')).events.map((e) => e.type)).toEqual(['Created', 'Renamed', 'Opened']);
  });

  it('writes no gap: an expected version above the stream is refused for one event and for many', async () => {
    await store.append('t1', 'Gap-1', [event('Created')], { expectedVersion: 'no_stream' });
    await expect(store.append('t1', 'Gap-1', [event('Skipped')], { expectedVersion: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('t1', 'Gap-1', [event('A'), event('B')], { expectedVersion: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('t1', 'Gap-1')).events.map((e) => e.streamVersion)).toEqual([1]);
  });

  it('lets 16 concurrent writers at a version they read race with one winner, without checking it again', async () => {
    await store.append('t1', 'Race-2', [event('Started')], { expectedVersion: 'no_stream' });
    const { version } = await store.loadStream('t1', 'Race-2');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => store.append('t1', 'Race-2', [event('Bumped', { i })], { expectedVersion: version, expectedVersionRead: true })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('t1', 'Race-2')).events.map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('refuses a stale multi-event append whole: none of its events is written', async () => {
    await store.append('t1', 'Whole-1', [event('Created'), event('Opened')], { expectedVersion: 'no_stream' });
    await expect(store.append('t1', 'Whole-1', [event('X'), event('Y'), event('Z')], { expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('t1', 'Whole-1')).events.map((e) => e.type)).toEqual(['Created', 'Opened']);
  });

  it('surfaces a conflict inside a caller transaction as ConcurrencyError and keeps the winner', async () => {
    await store.append('t1', 'TxRace-1', [event('Created')], { expectedVersion: 'no_stream' });
    await store.append('t1', 'TxRace-1', [event('Won')], { expectedVersion: 1 });
    await expect(
      db.transaction((tx) => store.append('t1', 'TxRace-1', [event('Lost')], { expectedVersion: 1 }, tx)),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('t1', 'TxRace-1')).events.map((e) => e.type)).toEqual(['Created', 'Won']);
  });

  it('keeps tenants apart: the same stream id in another tenant is another stream', async () => {
    await store.append('tenant-a', 'Program-shared', [event('ProgramCreated', { owner: 'a' })], { expectedVersion: 'no_stream' });
    expect((await store.readStream('tenant-b', 'Program-shared')).events).toHaveLength(0);
    await store.append('tenant-b', 'Program-shared', [event('ProgramCreated', { owner: 'b' })], { expectedVersion: 'no_stream' });
    expect((await store.readStream('tenant-a', 'Program-shared')).events.map((e) => e.data)).toEqual([{ owner: 'a' }]);
  });

  it('writes outbox messages atomically with the events', async () => {
    const message = { messageId: newId(), topic: 't', key: 'k', type: 'tandem.x.Y.v1', tenantId: 't1', payload: '{"a":1}', headers: { ce_id: 'x' } };
    await store.append('t1', 'Outboxed-1', [event('Created')], { expectedVersion: 'no_stream', outbox: [message] });
    await expect(
      store.append('t1', 'Outboxed-1', [event('Again')], { expectedVersion: 'no_stream', outbox: [{ ...message, messageId: newId() }] }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const { rows } = await db.query<{ payload: string }>(`SELECT payload FROM messaging.outbox WHERE message_key = 'k'`);
    expect(rows).toEqual([{ payload: '{"a":1}' }]);
  });

  it('stores every outbox message of an append byte for byte, whatever its payload holds', async () => {
    const payloads = [
      JSON.stringify({ name: 'Zoë 🌱 "quoted" \\ back\\slash', nul: '\u0000', lone: '\ud800', tab: '\t' }),
      '{ "spaced" :  [1, 2.50, -0e0] }',
      '{"a":1}',
    ];
    const messages = payloads.map((payload, i) => ({
      messageId: newId(),
      topic: `topic-${i}`,
      key: `key-${i}`,
      type: 'tandem.x.Y.v1',
      tenantId: 't1',
      payload,
      headers: { ce_id: `id-${i}`, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    }));
    await store.append('t1', 'Outboxed-2', [event('One'), event('Two'), event('Three')], { expectedVersion: 'no_stream', outbox: messages });
    const { rows } = await db.query<{ message_id: string; topic: string; message_key: string; event_type: string; tenant_id: string; payload: string; headers: Record<string, string> }>(
      `SELECT message_id, topic, message_key, event_type, tenant_id, payload, headers FROM messaging.outbox WHERE tenant_id = 't1' AND topic LIKE 'topic-%' ORDER BY topic`,
    );
    expect(rows).toEqual(
      messages.map((m) => ({ message_id: m.messageId, topic: m.topic, message_key: m.key, event_type: m.type, tenant_id: m.tenantId, payload: m.payload, headers: m.headers })),
    );
  });

  it('runs an append inside a caller transaction and rolls it back with it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await store.append('t1', 'Tx-1', [event('Created')], { expectedVersion: 'no_stream' }, tx);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect((await store.readStream('t1', 'Tx-1')).events).toHaveLength(0);
  });
});
