import rateLimit from '@fastify/rate-limit';
import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Rate limits for the public, unauthenticated endpoints (credentials, issuer documents, verification): per client
 * address (behind `TRUST_PROXY_HOPS` proxies, the address they forwarded — never one a client sent itself) and per
 * route, `PUBLIC_RATE_LIMIT_PER_MINUTE` a minute. Only routes marked `@RateLimited()` are limited; over the limit: 429
 * with `Retry-After`.
 */
export async function registerRateLimits(app: NestFastifyApplication, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `Too many requests: at most ${context.max} a minute from one address; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}

/** Limits this route per client address (see `registerRateLimits`). */
export const RateLimited = () => applyDecorators(RouteConfig({ rateLimit: {} }));
