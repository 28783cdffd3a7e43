import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `objectives.0.target`. */
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Body/query validation for every endpoint: unknown fields are refused, every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => invalidInput(flatten(errors)),
  });
}

/** The one 400 for bad input, whichever check found it: each offending field or parameter named with what is wrong. */
export function invalidInput(fields: FieldError[], message = `Invalid fields: ${fields.map((f) => f.field).join(', ')}`): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'validation_failed', message, errors: fields });
}
