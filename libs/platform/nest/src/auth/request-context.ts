import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { CommandContext } from '@tandem/event-store';
import { traceparentOf } from '@tandem/tracing';
import { requestIdempotencyKey } from '../idempotency/idempotency.interceptor';
import type { Caller } from './roles';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * The command context of an authenticated request: tenant and actor from the verified token,
 * correlation id from headers, the trace context of the request's span (a child of a valid inbound
 * `traceparent`, see observability/tracing.ts), and the optional `Idempotency-Key` scoped to caller and operation.
 */
export const RequestContext = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<{ caller?: Caller; headers: Record<string, string | undefined> }>();
  const caller = request.caller;
  if (!caller) throw new UnauthorizedException('No authenticated caller');
  const idempotencyKey = requestIdempotencyKey(context.switchToHttp().getRequest());
  return {
    tenantId: caller.tenantId,
    actor: { id: caller.userId, roles: caller.roles },
    correlationId: request.headers[CORRELATION_HEADER] ?? '',
    traceparent: traceparentOf(), // of the request's span, active while the request runs (continueInRequestSpan)
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
});
