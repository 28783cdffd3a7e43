import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { extractTraceContext, startSpan, withActiveSpan, withSpanFromHeaders } from '@tandem/tracing';
import pino from 'pino';
import { CLIENT_CLOSED_REQUEST, requestCompletionLog, traceLogMixin } from './logging';
import { continueInRequestSpan, endRequestSpan, startRequestSpan } from './tracing';

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('request and trace fields on log lines', () => {
  const lines: string[] = [];
  const logger = pino({ mixin: traceLogMixin }, new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) }));
  const parsed = () => lines.map((line) => JSON.parse(line));
  beforeEach(() => void lines.splice(0));

  it('adds the active span\'s trace_id and span_id while a message or job is handled, and nothing outside', async () => {
    logger.info('outside');
    await withSpanFromHeaders({ traceparent: CALLER }, 'process', async () => logger.warn('handler failed; retrying'));
    const [outside, inside] = parsed();
    expect(outside.trace_id).toBeUndefined();
    expect(inside).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(inside.span_id).not.toBe('00f067aa0ba902b7');
  });

  it('adds a request\'s correlation id with its trace ids to the lines its handler logs, also after an await', async () => {
    const span = startSpan('POST /programs', extractTraceContext({ traceparent: CALLER }));
    await withActiveSpan(span, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('inside the handler');
    }, { correlationId: 'journey-1' });
    logger.info('after it');
    const [inside, after] = parsed();
    expect(inside).toMatchObject({ correlationId: 'journey-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: span.spanContext().spanId });
    expect(after.correlationId).toBeUndefined();
  });

  it('gives the rest of a request (after the preHandler hook) its correlation id and span', async () => {
    const req = { method: 'POST', url: '/programs', headers: { 'x-correlation-id': 'journey-3', traceparent: CALLER } } as unknown as IncomingMessage;
    const span = startRequestSpan(req);
    await new Promise<void>((done) => continueInRequestSpan(req, () => void setImmediate(() => done(void logger.info('guard')))));
    expect(parsed()[0]).toMatchObject({ correlationId: 'journey-3', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: span.spanContext().spanId });
  });

  it('keeps the ids a line names itself (never two trace_id keys on a line)', async () => {
    await withSpanFromHeaders({ traceparent: CALLER }, 'process', async () => logger.info({ trace_id: 'a'.repeat(32) }, 'own ids'));
    expect(lines[0].match(/"trace_id"/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]).trace_id).toBe('a'.repeat(32));
  });

  describe('the completion line of a request', () => {
    const completion = requestCompletionLog(logger);
    const log = (method: string, url: string, statusCode: number, elapsedMs?: number) => {
      const req = { method, url, headers: { 'x-correlation-id': 'journey-2', traceparent: CALLER } } as unknown as IncomingMessage;
      completion(req, startRequestSpan(req), statusCode, elapsedMs);
    };

    it('names the request, its status, duration, correlation id and trace ids; a 5xx is an error, an abort a warning', () => {
      log('POST', '/programs?x=1', 201, 12.4);
      log('GET', '/programs/p-1', 503, 5);
      log('POST', '/imports', CLIENT_CLOSED_REQUEST);
      const [created, failed, aborted] = parsed();
      expect(created).toMatchObject({
        level: 30, msg: 'request completed', req: { method: 'POST', url: '/programs?x=1' }, res: { statusCode: 201 }, responseTime: 12,
        correlationId: 'journey-2', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      expect(failed).toMatchObject({ level: 50, msg: 'request completed', res: { statusCode: 503 } });
      expect(aborted).toMatchObject({ level: 40, msg: 'request aborted', res: { statusCode: CLIENT_CLOSED_REQUEST } });
      expect(aborted.responseTime).toBeUndefined();
    });

    it('comes from the span ending, which happens once: an aborted request whose response finishes later is finished once', () => {
      const req = { method: 'POST', url: '/imports', headers: {} } as unknown as IncomingMessage;
      startRequestSpan(req);
      expect(endRequestSpan(req, CLIENT_CLOSED_REQUEST)).toBeDefined();
      expect(endRequestSpan(req, 201)).toBeUndefined();
    });

    it('writes none for probes and metrics scrapes', () => {
      log('GET', '/health/ready', 200, 1);
      log('GET', '/metrics', 200, 1);
      expect(lines).toEqual([]);
    });
  });
});
