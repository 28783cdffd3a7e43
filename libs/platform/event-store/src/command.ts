import { fold, type Decider, type DomainEvent } from '@tandem/kernel';
import { currentOrNewTraceparent } from '@tandem/tracing';
import type { Transaction } from './database';
import { ConcurrencyError } from './errors';
import type { EventMetadata, EventStore, ImportMarker, OutboxMessage } from './event-store';
import { deterministicId, newId } from './ids';
import { currentTransaction } from './transaction-scope';

/** Who asks, for which tenant, within which request: carried into every event's metadata. */
export interface CommandContext {
  tenantId: string;
  actor: { id: string; roles?: string[] };
  correlationId: string;
  causationId?: string;
  /** W3C trace context of the work (an HTTP request's span); by default the span active when the command runs. */
  traceparent?: string;
  /**
   * The request's idempotency key, already scoped to tenant, caller and operation (a hash, not the client's raw
   * header): ids derived from it are the same for a retry and differ between callers.
   */
  idempotencyKey?: string;
  /** The original time of what the command records (an import of history): stored as the events' `occurredAt`. */
  occurredAt?: string;
  /** The import the command belongs to: stored in the events' metadata (`imported`). */
  imported?: ImportMarker;
}

/**
 * The context for a follow-up command on another stream in the same transaction (a capacity hold, a ledger
 * entry): same tenant, actor and correlation, but not the request's idempotency key — ids derived from it belong
 * to the stream the request addressed, and reusing it would make a second follow-up look like a retry.
 */
export function followUpContext(context: CommandContext): CommandContext {
  const { idempotencyKey: _key, ...rest } = context;
  return rest;
}

export interface DecidedEvent<E extends DomainEvent> {
  eventId: string;
  event: E;
  metadata: EventMetadata;
}

export interface CommandRequest<C, E extends DomainEvent, S> {
  streamId: string;
  command: C;
  context: CommandContext;
  /** Maps the new domain events to public integration events (outbox), committed in the same statement. */
  publish?: (decided: DecidedEvent<E>[], state: S) => OutboxMessage[];
  /** Checks the caller may act on this state (throws a DomainError); runs on the very state the decision uses. */
  guard?: (state: S) => void;
  /** The version the client last saw (HTTP If-Match): a different current version is a 409, not a retry. */
  expectedVersion?: number;
  maxAttempts?: number;
}

export interface CommandResult<E extends DomainEvent, S> {
  state: S;
  version: number;
  events: E[];
}

/**
 * The command pipeline: read the stream, fold it, decide, append with the expected version.
 * A version conflict re-runs the whole decision on fresh state a few times before it surfaces
 * (as ConcurrencyError → HTTP 409). Dispatched while a transaction is current (a consumer's inbox transaction, a
 * policy inside another command's, a scheduler's), it joins that transaction (see transaction-scope.ts).
 */
export async function executeCommand<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  request: CommandRequest<C, E, S>,
): Promise<CommandResult<E, S>> {
  const maxAttempts = request.maxAttempts ?? 3;
  const joined = currentTransaction();
  for (let attempt = 1; ; attempt++) {
    try {
      if (joined) return await decideAndAppend(store, decider, request, joined);
      // The declared projections of the stream and the append commit together: a list endpoint never shows a
      // state the event store does not have, and vice versa.
      if (store.projections.of(request.streamId).length > 0) {
        return await store.transaction((tx) => decideAndAppend(store, decider, request, tx));
      }
      return await decideAndAppend(store, decider, request, undefined);
    } catch (error) {
      // Inside a caller's transaction the failed statement aborted it: retrying there is pointless.
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts || joined || request.expectedVersion !== undefined) {
        throw error;
      }
    }
  }
}

async function decideAndAppend<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  request: CommandRequest<C, E, S>,
  tx: Transaction | undefined,
): Promise<CommandResult<E, S>> {
  const { streamId, command, context } = request;
  const stream = await store.loadStream<E['data']>(context.tenantId, streamId, tx);
  if (request.expectedVersion !== undefined && request.expectedVersion !== stream.version) {
    throw new ConcurrencyError(streamId, request.expectedVersion);
  }
  const history = stream.events.map((e) => ({ type: e.type, data: e.data }) as E);
  const state = fold(decider, history);
  request.guard?.(state);

  // A retried request whose events are already stored: answer with the current state, write nothing.
  if (context.idempotencyKey && stream.events.some((e) => e.eventId === idempotentEventId(context, streamId, 0))) {
    return { state, version: stream.version, events: [] };
  }

  const events = decider.decide(command, state);
  if (events.length === 0) return { state, version: stream.version, events };

  const metadata = metadataOf(context);
  const decided = events.map((event, index) => ({
    eventId: context.idempotencyKey ? idempotentEventId(context, streamId, index) : newId(),
    event,
    metadata,
  }));
  const newState = events.reduce(decider.evolve, state);
  const result = await store.append(
    context.tenantId,
    streamId,
    decided.map((d) => ({ eventId: d.eventId, type: d.event.type, data: d.event.data, metadata: d.metadata })),
    { expectedVersion: stream.version, expectedVersionRead: true, outbox: request.publish?.(decided, newState) },
    tx,
  );
  if (result.appended && tx) {
    let after = state;
    for (const [index, { eventId, event, metadata: meta }] of decided.entries()) {
      after = decider.evolve(after, event);
      const streamVersion = result.version - decided.length + index + 1;
      await store.projections.apply(tx, { tenantId: context.tenantId, streamId, streamVersion, eventId, type: event.type, data: event.data, metadata: meta, state: after });
    }
  }
  return { state: newState, version: result.version, events: result.appended ? events : [] };
}

const idempotentEventId = (context: CommandContext, streamId: string, index: number): string =>
  deterministicId(context.tenantId, streamId, context.idempotencyKey ?? '', String(index));

function metadataOf(context: CommandContext): EventMetadata {
  return {
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    actor: context.actor,
    // Every event carries a trace: the caller's, the active span's, or a new one for work outside any trace.
    traceparent: context.traceparent ?? currentOrNewTraceparent('command'),
    ...(context.occurredAt ? { occurredAt: context.occurredAt } : {}),
    ...(context.imported ? { imported: context.imported } : {}),
  };
}

/**
 * Runs `work` — typically several commands on different streams that must commit together — in one transaction,
 * and runs it again from scratch when a stream changed concurrently. Inside a current transaction it joins that
 * one and does not retry (the failed statement aborted it; the outer unit of work decides).
 */
export async function inTransactionWithRetries<T>(store: EventStore, work: (tx: Transaction) => Promise<T>, maxAttempts = 5): Promise<T> {
  const joined = currentTransaction();
  if (joined) return work(joined);
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(work);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}

/** An aggregate's current state and version, folded from its stream (tenant-scoped). */
export async function loadAggregate<E extends DomainEvent, S>(
  store: EventStore,
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
  tenantId: string,
  streamId: string,
  tx?: Transaction,
): Promise<{ state: S; version: number }> {
  const stream = await store.loadStream<E['data']>(tenantId, streamId, tx ?? currentTransaction());
  return { state: fold(decider, stream.events.map((e) => ({ type: e.type, data: e.data }) as E)), version: stream.version };
}
