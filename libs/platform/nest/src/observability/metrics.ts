import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { Public } from '../auth/roles';

let defaultsCollected = false;
/** Process metrics once per process (several services share one process in the end-to-end tests). */
export function collectProcessMetricsOnce(): void {
  if (defaultsCollected || register.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics();
  defaultsCollected = true;
}

@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @Public()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}

const httpDuration = () =>
  (register.getSingleMetric('tandem_http_request_duration_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['service', 'method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

/**
 * Times every request by its route template (never by raw URL, which would explode the label set), from a Fastify
 * `onResponse` hook: it sees every answer — a guard's 401/403, a validation 400, an unknown route's 404 — with the
 * status actually sent, and costs no per-request Observable.
 */
export function recordHttpRequest(service: string): (request: { method: string; routeOptions?: { url?: string } }, reply: { statusCode: number; elapsedTime: number }) => void {
  const histogram = httpDuration();
  return (request, reply) =>
    histogram.observe({ service, method: request.method, route: request.routeOptions?.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
}
