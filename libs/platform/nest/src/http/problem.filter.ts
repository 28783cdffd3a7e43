import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@tandem/kernel';
import { ConcurrencyError, isDatabaseUnavailable } from '@tandem/event-store';

const STATUS_BY_KIND = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403 } as const;

/** Seconds a client should wait before retrying when the database is out of reach (about one readiness period). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

interface Reply {
  status(code: number): Reply;
  header(name: string, value: string): Reply;
  send(body: unknown): void;
}

/**
 * One error shape for every endpoint: `{ statusCode, error, code, message, details?, errors? }`.
 * Domain errors map by kind (400/404/409/403), version conflicts to 409, the database out of reach to a 503 with
 * `Retry-After` (a transient fault, not a bug; a retry with the same Idempotency-Key is safe), anything
 * unexpected to a 500 that reveals nothing (and is logged with its stack).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<Reply>();
    const { status, body } = this.describe(exception);
    if (body.code === 'database_unavailable') reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return { status, body: { statusCode: status, error: HttpStatus[status], code: exception.code, message: exception.message, details: exception.details } };
    }
    if (exception instanceof ConcurrencyError) {
      return { status: 409, body: { statusCode: 409, error: 'Conflict', code: exception.code, message: exception.message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
      return { status, body: { statusCode: status, error: HttpStatus[status] ?? 'Error', code: codeFor(status), ...body } };
    }
    // A malformed JSON body is reported by the HTTP layer with a 4xx status code on the error.
    const httpStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
      return { status: httpStatus, body: { statusCode: httpStatus, error: HttpStatus[httpStatus], code: codeFor(httpStatus), message: (exception as Error).message } };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return {
        status: 503,
        body: { statusCode: 503, error: 'Service Unavailable', code: 'database_unavailable', message: 'The database is temporarily unavailable; retry later.' },
      };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Unexpected error' } };
  }
}

function codeFor(status: number): string {
  return ({ 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 415: 'unsupported_media_type', 429: 'rate_limited' } as Record<number, string>)[status] ?? 'error';
}
