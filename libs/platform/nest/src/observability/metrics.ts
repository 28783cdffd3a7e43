import { CallHandler, Controller, ExecutionContext, Get, Injectable, NestInterceptor, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import { Observable, tap } from 'rxjs';
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

/** Times every request by its route template (never by raw URL, which would explode the label set). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly histogram = httpDuration();

  constructor(private readonly service: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string; routeOptions?: { url?: string } }>();
    const reply = context.switchToHttp().getResponse<{ statusCode: number }>();
    const stop = this.histogram.startTimer({ service: this.service, method: request.method, route: request.routeOptions?.url ?? 'unknown' });
    return next.handle().pipe(
      tap({
        next: () => stop({ status: String(reply.statusCode) }),
        error: (error: { status?: number; kind?: string }) => stop({ status: String(error?.status ?? (error?.kind ? 4 : 5) + 'xx') }),
      }),
    );
  }
}
