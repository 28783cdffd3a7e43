import {
  currentOrNewTraceparent,
  traceparentOf,
  tracesExporterFrom,
  TracingConfigurationError,
  withRootSpan,
  withSpanFromHeaders,
} from './tracing';

// The W3C format, checked independently of the propagator: version 00, trace id and span id in lower-case hex,
// neither all zeros, flags.
const W3C = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$/;
const parts = (traceparent: string | undefined) => {
  const match = W3C.exec(traceparent ?? '');
  if (!match) throw new Error(`not a valid traceparent: ${traceparent}`);
  return { traceId: match[1], spanId: match[2] };
};

const INBOUND = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context helpers', () => {
  it('has no traceparent outside any span', () => {
    expect(traceparentOf()).toBeUndefined();
  });

  it('continues a valid inbound trace in a child span: same trace id, a new span id', async () => {
    const inside = await withSpanFromHeaders({ traceparent: INBOUND }, 'work', async () => traceparentOf());
    expect(parts(inside).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parts(inside).spanId).not.toBe('00f067aa0ba902b7');
    expect(traceparentOf()).toBeUndefined(); // the span is active only inside
  });

  it('reads Kafka headers (Buffers) as well as HTTP ones', async () => {
    const inside = await withSpanFromHeaders({ traceparent: Buffer.from(INBOUND), other: Buffer.from('x') }, 'work', async () => traceparentOf());
    expect(parts(inside).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    ['missing', {}],
    ['garbage', { traceparent: 'not-a-trace' }],
    ['an all-zero trace id', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }],
    ['an all-zero span id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' }],
    ['upper-case hex', { traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01' }],
    ['version ff', { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['a short trace id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01' }],
  ])('starts a new trace when the inbound traceparent is %s, and never copies it', async (_case, headers) => {
    const inside = await withSpanFromHeaders(headers, 'work', async () => traceparentOf());
    const { traceId, spanId } = parts(inside);
    const given = String((headers as { traceparent?: string }).traceparent ?? '').toLowerCase();
    expect(given).not.toContain(traceId);
    expect(given).not.toContain(spanId);
  });

  it('starts a new trace for a root unit of work even inside another span', async () => {
    const [outer, inner] = await withSpanFromHeaders({ traceparent: INBOUND }, 'outer', async () => [
      traceparentOf(),
      await withRootSpan('job', async () => traceparentOf()),
    ]);
    expect(parts(inner).traceId).not.toBe(parts(outer).traceId);
    expect(parts(await withRootSpan('job', async () => traceparentOf())).traceId).not.toBe(parts(inner).traceId);
  });

  it('keeps concurrent units of work apart across awaits', async () => {
    const traceIds = Array.from({ length: 20 }, (_, i) => (i + 1).toString(16).padStart(32, 'a'));
    const seen = await Promise.all(
      traceIds.map((traceId, i) =>
        withSpanFromHeaders({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, 'work', async () => {
          await new Promise((resolve) => setTimeout(resolve, 20 - i));
          await Promise.resolve();
          return parts(traceparentOf()).traceId;
        }),
      ),
    );
    expect(seen).toEqual(traceIds);
  });

  it('ends the span and rethrows when the work fails', async () => {
    await expect(withRootSpan('job', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(traceparentOf()).toBeUndefined();
  });

  it('gives work outside any trace the traceparent of a new root span, and the active one inside a span', async () => {
    const a = parts(currentOrNewTraceparent('command'));
    const b = parts(currentOrNewTraceparent('command'));
    expect(a.traceId).not.toBe(b.traceId);
    const inside = await withSpanFromHeaders({ traceparent: INBOUND }, 'work', async () => [traceparentOf(), currentOrNewTraceparent('command')]);
    expect(inside[1]).toBe(inside[0]);
  });

  it('accepts only otlp or none as OTEL_TRACES_EXPORTER', () => {
    expect(tracesExporterFrom({})).toBe('none');
    expect(tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'none' })).toBe('none');
    expect(tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
    expect(() => tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(TracingConfigurationError);
  });
});
