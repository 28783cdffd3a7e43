import type { DomainEvent } from '@tandem/kernel';
import type { Database } from './database';
import type { EventMetadata, EventStore } from './event-store';

interface EventRow {
  position: string;
  tenant_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * Rebuilds a service's inline read models from its event store with the very declarations the append applies
 * (`store.projections`): the tables the projections own are emptied, then every event of their categories is
 * replayed in the order it was stored, each with its aggregate's state right after it. One transaction: readers
 * see the old rows until the new ones commit (no empty window); it is marked `tandem.rebuilding` (see the
 * session-tracking ledger's guard). Answers how many events each category replayed.
 */
export async function rebuildReadModels(
  store: EventStore,
  db: Database,
  options: { pageSize?: number; progress?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const { pageSize = 1000, progress = () => undefined } = options;
  const { projections } = store;
  const counts: Record<string, number> = Object.fromEntries(projections.categories.map((c) => [c, 0]));
  return db.transaction(async (tx) => {
    // Declares the transaction a rebuild: a table guarded against deletes (an append-only ledger) may allow it then.
    await tx.query(`SET LOCAL tandem.rebuilding = 'on'`);
    for (const table of new Set(projections.all.flatMap((p) => p.tables))) await tx.query(`DELETE FROM ${table}`);
    const states = new Map<string, unknown>();
    for (let after = '0'; ; ) {
      const { rows } = await tx.query<EventRow>(
        `SELECT global_position::text AS position, tenant_id, stream_id, stream_version, event_id, event_type, data, metadata FROM event_store.events
         WHERE global_position > $1::bigint AND split_part(stream_id, '-', 1) = ANY($2::text[]) ORDER BY global_position LIMIT $3`, // numeric order (not the text alias)
        [after, projections.categories, pageSize],
      );
      for (const row of rows) {
        const key = `${row.tenant_id}\u0000${row.stream_id}`;
        const { decider } = projections.of(row.stream_id)[0];
        const state = decider.evolve(states.has(key) ? states.get(key) : decider.initialState(), { type: row.event_type, data: row.data } as DomainEvent);
        states.set(key, state);
        await projections.apply(tx, {
          tenantId: row.tenant_id,
          streamId: row.stream_id,
          streamVersion: row.stream_version,
          eventId: row.event_id,
          type: row.event_type,
          data: row.data,
          metadata: row.metadata,
          state,
        });
        counts[row.stream_id.split('-')[0]]++;
      }
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1].position;
      progress(`[rebuild] ${Object.values(counts).reduce((a, b) => a + b, 0)} events replayed`);
    }
    return counts;
  });
}
