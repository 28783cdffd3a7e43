import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { symbols, type Logger } from 'pino';
import { CORRELATION_HEADER } from '../auth/request-context';
import type { ServiceConfig } from '../config/service-config';
import { activeLogFields } from '@tandem/tracing';
import { requestLogFields } from './tracing';

const QUIET_PATHS = /^\/(health|metrics)/;

/**
 * A request's own log fields, computed once: pino-http asks again when the response finishes (and binds a further
 * child logger when the answer differs — the request's span has ended by then).
 */
const requestProps = new WeakMap<IncomingMessage, Record<string, unknown>>();
function requestPropsOf(req: IncomingMessage): Record<string, unknown> {
  let props = requestProps.get(req);
  if (!props) requestProps.set(req, (props = { correlationId: req.headers[CORRELATION_HEADER], ...requestLogFields(req) }));
  return props;
}

/**
 * Structured JSON logs (pino). Every request gets a correlation id — the caller's `x-correlation-id`
 * or a new one — echoed in the response, written on every log line and stored in the events' metadata —
 * and the `trace_id` / `span_id` of its span.
 */
export function loggingParams(config: ServiceConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { service: config.service },
      messageKey: 'msg',
      genReqId: (req: IncomingMessage) => correlationIdOf(req),
      customProps: requestPropsOf,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

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

/**
 * pino `mixin`: the active span's `trace_id` / `span_id` on log lines written while handling a message or a
 * scheduled job. A request's lines already carry their request's ids (bound by pino-http), so not twice.
 */
export function traceLogMixin(_object: object, _level: number, logger: Logger): object {
  // The logger's bound fields as pino keeps them, a JSON fragment: `bindings()` would parse it on every line.
  const bound = (logger as unknown as Record<symbol, string | undefined>)[symbols.chindingsSym] ?? '';
  return bound.includes('"trace_id":') ? {} : activeLogFields();
}
