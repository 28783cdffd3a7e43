import type { IncomingMessage } from 'node:http';
import { extractTraceContext, SpanKind, SpanStatusCode, startSpan, withActiveSpan, type Span } from '@tandem/tracing';
import { requestCorrelationId } from './logging';

const requestSpans = new WeakMap<IncomingMessage, Span>();

/**
 * Opens the server span of an HTTP request (the first hook of every request): a child of the caller's valid
 * `traceparent`, or the root of a new trace when there is none or it is malformed (it is then never copied).
 */
export function startRequestSpan(req: IncomingMessage): Span {
  const span = startSpan(`${req.method} ${(req.url ?? '').split('?')[0]}`, extractTraceContext(req.headers), {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method ?? '', 'url.path': (req.url ?? '').split('?')[0] },
  });
  requestSpans.set(req, span);
  return span;
}

/**
 * Names the span by its route and ends it with the response status (5xx marks it failed). Answers the span it ended,
 * or undefined when the request's span had already ended (an aborted request's response may still finish later).
 */
export function endRequestSpan(req: IncomingMessage, statusCode: number, route?: string): Span | undefined {
  const span = requestSpans.get(req);
  if (!span) return undefined;
  requestSpans.delete(req);
  if (route) span.updateName(`${req.method} ${route}`).setAttribute('http.route', route);
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  return span;
}

/**
 * Runs the rest of a request — guards, interceptors, pipes, its handler — with its span active: commands and their
 * events join its trace, and the lines it logs carry the request's correlation id and trace ids. Called from a
 * Fastify `preHandler` hook, whose `done` runs the route synchronously, so everything after it inherits the context.
 */
export function continueInRequestSpan(req: IncomingMessage, done: () => void): void {
  const span = requestSpans.get(req);
  if (span) withActiveSpan(span, done, { correlationId: requestCorrelationId(req) });
  else done();
}
