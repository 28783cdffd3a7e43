import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';
import { CORRELATION_HEADER } from '../auth/request-context';
import { activeLogFields, logFieldsOf, type Span } from '@tandem/tracing';

const QUIET_PATHS = /^\/(health|metrics)/;

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's `x-correlation-id` or a new one —
 * echoed in the response, stored in the events' metadata and written, with the `trace_id` / `span_id` of the
 * request's span, on its completion line and on every line logged while its handler runs.
 *
 * Nest's own logging goes through nestjs-pino's `Logger` on the same pino instance. Its per-request middleware
 * (pino-http: two child loggers per request) is not mounted: the request's fields come from the active context
 * (`traceLogMixin`) and the completion line from a Fastify hook (`requestCompletionLog`).
 */
export const nestLoggingParams = (logger: Logger): Params => ({ pinoHttp: { logger }, forRoutes: [] });

/**
 * The request's correlation id: the caller's `x-correlation-id` when it is sane, otherwise a new one.
 * Written back into the request headers so every later reader (logs, command context) sees the same id.
 */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  req.headers[CORRELATION_HEADER] = id;
  return id;
}

/** The correlation id `correlationIdOf` fixed for the request. */
export const requestCorrelationId = (req: IncomingMessage): string => String(req.headers[CORRELATION_HEADER]);

/** The status a request gets in logs, metrics and its span when its caller went away before the answer (nginx's). */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * One line per request, written as its span ends — once, whether its response was sent or its caller went away
 * (`error` for a 5xx, `warn` for an abort); none for probes and metrics scrapes.
 */
export function requestCompletionLog(logger: Logger) {
  return (req: IncomingMessage, span: Span, statusCode: number, elapsedMs?: number): void => {
    if (QUIET_PATHS.test(req.url ?? '')) return;
    const aborted = statusCode === CLIENT_CLOSED_REQUEST;
    logger[aborted ? 'warn' : statusCode >= 500 ? 'error' : 'info'](
      {
        correlationId: requestCorrelationId(req),
        ...logFieldsOf(span),
        req: { method: req.method, url: req.url },
        res: { statusCode },
        responseTime: elapsedMs === undefined ? undefined : Math.round(elapsedMs), // pino leaves an undefined field out
      },
      aborted ? 'request aborted' : 'request completed',
    );
  };
}

/**
 * pino `mixin`: the active unit of work's fields — a request's correlation id, the trace_id / span_id of its span,
 * of the message being handled or of the scheduled job — on every line written while it runs. A line that names its
 * own fields keeps them (pino merges the line's object over the mixin's).
 */
export const traceLogMixin = (): object => activeLogFields();
