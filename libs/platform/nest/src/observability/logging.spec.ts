import { Writable } from 'node:stream';
import { withSpanFromHeaders } from '@tandem/tracing';
import pino from 'pino';
import { traceLogMixin } from './logging';

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace ids on log lines', () => {
  const lines: string[] = [];
  const logger = pino({ mixin: traceLogMixin }, new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) }));
  beforeEach(() => void lines.splice(0));

  it('adds the active span\'s trace_id and span_id while a message or job is handled, and nothing outside', async () => {
    logger.info('outside');
    await withSpanFromHeaders({ traceparent: CALLER }, 'process', async () => logger.warn('handler failed; retrying'));
    const [outside, inside] = lines.map((line) => JSON.parse(line));
    expect(outside.trace_id).toBeUndefined();
    expect(inside).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(inside.span_id).not.toBe('00f067aa0ba902b7');
  });

  it('leaves a request logger\'s own ids alone (never two trace_id keys on a line)', async () => {
    const request = logger.child({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
    await withSpanFromHeaders({ traceparent: CALLER }, 'process', async () => request.info('request completed'));
    expect(lines[0].match(/"trace_id"/g)).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
  });
});
