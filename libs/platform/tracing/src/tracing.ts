import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * W3C trace context for every unit of work, through the OpenTelemetry API: an HTTP request, the handling of one
 * Kafka message, one scheduled job. Each runs in a span (a real span id from the SDK), made active with
 * AsyncLocalStorage, and the `traceparent` stored with the events it produces is injected from that span by the
 * W3C propagator — never copied from a header.
 */

export { SpanKind, SpanStatusCode, type Attributes, type Context, type Span };

/** Header maps as HTTP (`string | string[]`) and Kafka (`Buffer | string | array`) give them. */
export type Carrier = Record<string, unknown>;

const carrierGetter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value);
  },
};

export class TracingConfigurationError extends Error {}

export type TracesExporter = 'none' | 'otlp';

/** `OTEL_TRACES_EXPORTER`: spans stay in-process (`none`, the default) or go to an OTLP/HTTP endpoint (`otlp`). */
export function tracesExporterFrom(env: NodeJS.ProcessEnv): TracesExporter {
  const value = (env.OTEL_TRACES_EXPORTER ?? '').trim();
  if (value === '' || value === 'none') return 'none';
  if (value === 'otlp') return 'otlp';
  throw new TracingConfigurationError(`OTEL_TRACES_EXPORTER must be "otlp" or "none", not "${value}"`);
}

let provider: BasicTracerProvider | undefined;

function register(serviceName: string, processors: SpanProcessor[]): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // Sampler and span limits follow the standard OTEL_TRACES_SAMPLER / OTEL_SPAN_* variables (BasicTracerProvider).
  provider = new BasicTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': serviceName }))
      .merge(detectResources({ detectors: [envDetector] })), // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES win
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
}

/**
 * Registers the context manager, the W3C propagator and the tracer provider for this process; with
 * `OTEL_TRACES_EXPORTER=otlp`, spans are batched to the endpoint of `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`
 * (the exporter reads its standard variables itself). Call it first thing: the first registration wins, and the
 * helpers below register a provider without exporter if nothing did.
 */
export async function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const exporter = tracesExporterFrom(env);
  if (provider) return;
  const processors: SpanProcessor[] = [];
  if (exporter === 'otlp') {
    // Loaded only when asked for: most deployments export nothing and should not pay for it at start.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  if (!provider) register(serviceName, processors);
}

/** Flushes and stops span export (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

function tracer() {
  if (!provider) register('tandem', []);
  return trace.getTracer('tandem');
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
}

/**
 * Starts a span under `parent` — a new trace when the parent has no valid span context. The caller ends it;
 * prefer the `with…` helpers, which also make it active.
 */
export function startSpan(name: string, parent: Context, options: SpanOptions = {}): Span {
  return tracer().startSpan(name, options, parent);
}

/** Runs `work` with `span` active, records a thrown error on it and ends it. */
async function runIn<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace context in `headers`' `traceparent` (and `tracestate`); a missing or malformed one gives none. */
export function extractTraceContext(headers: Carrier): Context {
  tracer();
  return propagation.extract(ROOT_CONTEXT, headers, carrierGetter);
}

/** A unit of work that continues the trace of `headers` in a child span, or starts a new trace without one. */
export function withSpanFromHeaders<T>(headers: Carrier, name: string, work: () => Promise<T>, options: SpanOptions = {}): Promise<T> {
  const parent = extractTraceContext(headers);
  return runIn(startSpan(name, parent, options), parent, work);
}

/** A unit of work that starts a new trace (a scheduled job), whatever is active around it. */
export function withRootSpan<T>(name: string, work: () => Promise<T>, options: SpanOptions = {}): Promise<T> {
  return runIn(startSpan(name, ROOT_CONTEXT, options), ROOT_CONTEXT, work);
}

const LOG_FIELDS = createContextKey('tandem.log-fields');

/**
 * Runs `work` with `span` active (e.g. an HTTP request's span around its handler), and `logFields` (e.g. the
 * request's correlation id) on every log line written meanwhile (`activeLogFields`).
 */
export function withActiveSpan<T>(span: Span, work: () => T, logFields?: Record<string, string>): T {
  const withSpan = trace.setSpan(context.active(), span);
  return context.with(logFields ? withSpan.setValue(LOG_FIELDS, logFields) : withSpan, work);
}

/** The W3C `traceparent` of the span active in `ctx` (by default the current one), or undefined without one. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  tracer();
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/**
 * The traceparent for events written now: the active span's, or — for work that runs outside any trace — the one of
 * a new root span named `name`, so no event is ever stored without one.
 */
export function currentOrNewTraceparent(name: string): string {
  const active = traceparentOf();
  if (active) return active;
  const span = startSpan(name, ROOT_CONTEXT);
  span.end();
  return traceparentOf(trace.setSpan(ROOT_CONTEXT, span))!;
}

/** Trace and span id of a span, for log lines (`trace_id`, `span_id`). */
export function logFieldsOf(span: Span | undefined): { trace_id?: string; span_id?: string } {
  const spanContext = span?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
}

/** The active unit of work's log fields (`withActiveSpan`), and the trace and span id of its span, if any. */
export function activeLogFields(): Record<string, string | undefined> {
  const active = context.active();
  const fields = active.getValue(LOG_FIELDS) as Record<string, string> | undefined;
  const ids = logFieldsOf(trace.getSpan(active));
  return fields ? { ...fields, ...ids } : ids;
}
