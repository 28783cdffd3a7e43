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

type ExpectedVersionLike = number | 'any' | 'no_stream';

/** Postgres unique_violation on a named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
