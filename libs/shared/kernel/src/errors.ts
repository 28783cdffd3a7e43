/**
 * Errors the domain raises. The HTTP edge maps `kind` to a status code
 * (invalid → 400, not_found → 404, conflict → 409, forbidden → 403), so domain code never knows about HTTP.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    message: string,
    /** A stable machine-readable code, e.g. `program.illegal_transition`. */
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command is malformed or breaks a business rule about its own content. */
export class InvalidCommandError extends DomainError {
  readonly kind = 'invalid' as const;
}

/** The addressed thing does not exist (for this tenant). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
}

/** The thing exists but its current state does not allow the command. */
export class IllegalStateError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The caller may not do this to this thing. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}
