/** The stream was not at the expected version: somebody else appended first. Surfaces as HTTP 409. */
export class ConcurrencyError extends Error {
  readonly kind = 'conflict' as const;
  readonly code = 'stream.version_conflict';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersionLike,
  ) {
    super(`Stream ${streamId} was changed concurrently (expected version ${String(expectedVersion)}); retry the request`);
    this.name = 'ConcurrencyError';
  }
}

type ExpectedVersionLike = number | 'no_stream';

/** Postgres unique_violation on a named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

// Node socket errors that mean "the server is not reachable right now".
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// What pg, pg-pool and TypeORM say when a connection drops, cannot be made in time or was already given back.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * True when a database call failed because PostgreSQL is (transiently) out of reach, not because of the request:
 * connection errors (SQLSTATE class 08), the server shutting down, crashed or not yet accepting connections
 * (57P01/57P02/57P03/57P05), too many connections (class 53), refused or dropped sockets, pool timeouts, and TypeORM's
 * `QueryRunnerAlreadyReleasedError` (its connection died mid-transaction). Looks through TypeORM's `driverError`,
 * `cause` and AggregateError's `errors` (Node tries every address of a host name).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (/^(08|53|57P0[1235])/.test(e.code) || UNREACHABLE.has(e.code))) return true;
  if (e.name === 'QueryRunnerAlreadyReleasedError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}
