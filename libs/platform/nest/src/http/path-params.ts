import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { subjectProblem } from './input-checks';
import { invalidInput } from './validation';

/**
 * A validator of one path parameter. Every `:param` of every route is bound with one of these (the route
 * audit, `unvalidatedInputs`, fails a service's tests otherwise), so no raw path text reaches a query.
 */
export abstract class PathParamPipe implements PipeTransform<unknown, string> {
  /** What is wrong with the value, if anything. */
  protected abstract problem(value: string): string | undefined;

  transform(value: unknown, metadata: ArgumentMetadata): string {
    const name = metadata.data ?? 'path';
    const problem = typeof value === 'string' ? this.problem(value) : 'is missing';
    if (problem) throw invalidInput([{ field: name, messages: [`${name} ${problem}`] }], `Invalid path parameter: ${name}`);
    return value as string;
  }
}

class UuidParamPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return isUUID(value) ? undefined : 'must be a UUID';
  }
}

class SubjectParamPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return subjectProblem(value);
  }
}

class OneOfParamPipe extends PathParamPipe {
  constructor(private readonly allowed: readonly string[]) {
    super();
  }

  protected problem(value: string): string | undefined {
    return this.allowed.includes(value) ? undefined : `must be one of: ${this.allowed.join(', ')}`;
  }
}

/** A path parameter naming one of a fixed set (a report, a format): anything else is a 400 listing the set. */
export const oneOfParam = (allowed: readonly string[]) => new OneOfParamPipe(allowed);

/** Ids Tandem generates (programs, pairings, sessions, goals…): a UUID, anything else is a 400, never a lookup. */
export const UuidParam = new UuidParamPipe();

/** User ids: identity-provider subjects (`demo-pm`, an e-mail, a UUID…), 1–255 characters, no control characters. */
export const SubjectParam = new SubjectParamPipe();
