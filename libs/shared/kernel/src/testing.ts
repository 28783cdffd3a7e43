import { fold, type Decider, type DomainEvent } from './decider';
import type { DomainError } from './errors';

/**
 * The one given / when / then helper for decider specifications (`@tandem/kernel/testing`, tests only):
 *
 *   const given = deciderSpecification(programDecider);
 *   given([created]).when(changeStatus('open')).then([opened]);
 *   given([created]).when(changeStatus('running')).thenThrows(IllegalStateError, /can only become open/);
 *   const history = given([created]).when(changeStatus('open')).history(); // a longer past for later cases
 *
 * `given` folds the past events into state, `when` decides one command on it; nothing else runs.
 */
export function deciderSpecification<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (past: readonly E[] = []) => ({
    when: (command: C) => new Decision(decider, past, command),
  });
}

type ErrorClass = abstract new (...args: never[]) => DomainError;

export class Decision<C, E extends DomainEvent, S> {
  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly past: readonly E[],
    private readonly command: C,
  ) {}

  /** The new events (throws what the decider throws). */
  events(): E[] {
    return this.decider.decide(this.command, fold(this.decider, this.past));
  }

  /** The past followed by the new events: the `given` of a later step. */
  history(): E[] {
    return [...this.past, ...this.events()];
  }

  /** The state after the new events. */
  state(): S {
    return fold(this.decider, this.history());
  }

  then(expected: E[]): void {
    expect(this.events()).toEqual(expected);
  }

  thenNothingHappened(): void {
    expect(this.events()).toEqual([]);
  }

  /** Asserts the decision is refused with this error class (and message, when given); returns the error. */
  thenThrows<T extends DomainError>(errorClass: ErrorClass & (abstract new (...args: never[]) => T), message?: string | RegExp): T {
    let thrown: unknown;
    try {
      this.events();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(errorClass);
    if (message !== undefined) expect((thrown as Error).message).toMatch(message);
    return thrown as T;
  }
}
