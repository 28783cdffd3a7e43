import type { Decider, DomainEvent } from '@tandem/kernel';
import type { Transaction } from './database';
import type { EventMetadata } from './event-store';

interface ProjectedEventBase<S> {
  tenantId: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  metadata: EventMetadata;
  /** The aggregate's state after this event (folded by the category's decider). */
  state: S;
}

/** One event as a projection sees it: where it stands, who caused it, and its aggregate's state right after it. */
export type ProjectedEvent<E extends DomainEvent = DomainEvent, S = unknown> = E extends DomainEvent
  ? ProjectedEventBase<S> & { type: E['type']; data: E['data'] }
  : never;

type Handlers<E extends DomainEvent, S> = { [T in E['type']]?: (tx: Transaction, event: ProjectedEvent<Extract<E, { type: T }>, S>) => Promise<unknown> };

/**
 * A read model declared once: the stream category it follows, the tables it owns and how each event type it
 * handles changes them (explicit SQL through the transaction). Registered with the event store, the append applies
 * it in its own transaction, one event at a time; the rebuild replays the very same declaration from the stored
 * events — so a projection must write only what the events (and the state after each) say, never the time it runs.
 */
export interface Projection<E extends DomainEvent = DomainEvent, S = unknown> {
  name: string;
  /** Streams `<category>-<id>`. */
  category: string;
  /** Folds a stream to the state each event sees (the aggregate's own decider). */
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>;
  /** The tables this projection alone writes: a rebuild empties them first. Columns it updates elsewhere are not listed. */
  tables: readonly string[];
  on: Handlers<E, S>;
}

/** Declares a projection (typed by its decider's events and state). */
export const projection = <E extends DomainEvent, S>(declaration: Projection<E, S>): Projection<E, S> => declaration;

/** The category of a stream id (`Session-…` → `Session`). */
export const categoryOf = (streamId: string): string => streamId.slice(0, Math.max(0, streamId.indexOf('-')));

/** The projections of a service, by stream category: what the append applies and the rebuild replays. */
export class Projections {
  private readonly byCategory = new Map<string, Projection<any, any>[]>();

  constructor(readonly all: readonly Projection<any, any>[] = []) {
    for (const p of all) this.byCategory.set(p.category, [...(this.byCategory.get(p.category) ?? []), p]);
  }

  of(streamId: string): readonly Projection<any, any>[] {
    return this.byCategory.get(categoryOf(streamId)) ?? [];
  }

  get categories(): string[] {
    return [...this.byCategory.keys()];
  }

  /** Applies one event to every projection of its stream's category that handles its type. */
  async apply(tx: Transaction, event: ProjectedEvent<DomainEvent, unknown>): Promise<void> {
    for (const p of this.of(event.streamId)) {
      const handler = (p.on as Record<string, ((tx: Transaction, e: ProjectedEvent<any, any>) => Promise<unknown>) | undefined>)[event.type];
      if (handler) await handler(tx, event);
    }
  }
}
