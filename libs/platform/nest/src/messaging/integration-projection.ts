import { runWrites, type SqlWrite, type Transaction } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { BatchWrites, IntegrationEventHandler, ReceivedEvent } from '@tandem/messaging';
import { cloudEventType } from '@tandem/kernel';

/** How one event type of another service's contract changes a read model (in the consumer's inbox transaction). */
export interface EventApplication<C extends IntegrationEventContract<any> = IntegrationEventContract<any>> {
  contract: C;
  apply: (tx: Transaction, payload: PayloadOf<C>, event: ReceivedEvent<PayloadOf<C>>) => Promise<unknown>;
  /**
   * The same write for many events at once, for a write that only inserts rows keyed by its own event (no reads, no
   * updates): a replay writes a batch's events of such types together, in one statement (`appliesAll`).
   */
  insertsAll?: (payloads: PayloadOf<C>[]) => SqlWrite;
}

/**
 * A read model of other services' events, declared once like an inline projection (projection.ts): the tables it
 * alone writes and, per contract, how an event changes them. The messaging runtime applies it to every event it
 * consumes, inside the inbox transaction (idempotent by the inbox); a replay of the topics can apply the very same
 * declaration. A reaction that dispatches commands is a subscriber (`@SubscribesTo`), not a projection.
 */
export interface IntegrationProjection {
  name: string;
  tables: readonly string[];
  on: readonly EventApplication<any>[];
}

/** Declares a read model of other services' events. */
export const integrationProjection = (declaration: IntegrationProjection): IntegrationProjection => declaration;

/** One contract and what its events do to the read model: `applies(SessionCompleted, sessionCompleted)`. */
export const applies = <C extends IntegrationEventContract<any>>(contract: C, apply: EventApplication<C>['apply']): EventApplication<C> => ({ contract, apply });

/**
 * An insert-only write, declared for many events at once (one event is a batch of one):
 * `appliesAll(SessionCompleted, sessionsCompleted)`. Only for rows keyed by their own event, inserted unless there:
 * such writes commute, so a replay may group them (see `integrationBatchWrites`).
 */
export const appliesAll = <C extends IntegrationEventContract<any>>(contract: C, insertsAll: NonNullable<EventApplication<C>['insertsAll']>): EventApplication<C> => ({
  contract,
  apply: (tx, payload) => runWrites(tx, [insertsAll([payload])]),
  insertsAll,
});

/**
 * Rows inserted into `table`, one per payload, by one statement (`unnest` of one array per column); a row already
 * there stays (its key is its event's). `columns` maps each column to its PostgreSQL type.
 */
export const insertRows =
  <P>(table: string, columns: Record<string, string>, row: (payload: P) => unknown[]) =>
  (payloads: readonly P[]): SqlWrite => {
    const names = Object.keys(columns);
    const rows = payloads.map(row);
    return (param) =>
      `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${names.map((name, i) => `${param(rows.map((r) => r[i]))}::${columns[name]}[]`).join(', ')}) ON CONFLICT DO NOTHING`;
  };

/** Applies one received event to a projection exactly as the consumer does (a replay of a topic, a test). */
export async function applyToProjection<C extends IntegrationEventContract<any>>(
  projection: IntegrationProjection,
  contract: C,
  tx: Transaction,
  event: ReceivedEvent<PayloadOf<C>>,
): Promise<void> {
  const application = projection.on.find((a) => a.contract === contract);
  if (!application) throw new Error(`${projection.name} does not apply ${contract.name} v${contract.version}`);
  await application.apply(tx, event.payload, event);
}

/** What each event type runs, by CloudEvents type: every projection that applies it, in declaration order. */
export function integrationHandlers(projections: readonly IntegrationProjection[]): Map<string, IntegrationEventHandler[]> {
  const handlers = new Map<string, IntegrationEventHandler[]>();
  for (const projection of projections) {
    for (const { contract, apply } of projection.on) {
      const type = cloudEventType(contract);
      handlers.set(type, [...(handlers.get(type) ?? []), async (event, tx) => void (await apply(tx, event.payload, event))]);
    }
  }
  return handlers;
}

/** By CloudEvents type, for the types every projection applies with `appliesAll`: all their writes of many events at once. */
export function integrationBatchWrites(projections: readonly IntegrationProjection[]): Map<string, BatchWrites> {
  const byType = new Map<string, EventApplication[]>();
  for (const projection of projections) {
    for (const application of projection.on) {
      const type = cloudEventType(application.contract);
      byType.set(type, [...(byType.get(type) ?? []), application]);
    }
  }
  const writes = new Map<string, BatchWrites>();
  for (const [type, applications] of byType) {
    if (!applications.every((a) => a.insertsAll)) continue;
    writes.set(type, (events) => {
      const payloads = events.map((e) => e.payload);
      return applications.map((application) => application.insertsAll!(payloads));
    });
  }
  return writes;
}

/** Runs several handlers of one event as one, in order (in the same transaction). */
export const inSequence = (handlers: IntegrationEventHandler[]): IntegrationEventHandler =>
  handlers.length === 1
    ? handlers[0]
    : async (event, tx) => {
        for (const handler of handlers) await handler(event, tx);
      };
