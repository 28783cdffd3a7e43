import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { registerRateLimits } from './http/rate-limit';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { startTracing, stopTracing, TracingConfigurationError } from '@tandem/tracing';
import { CORRELATION_HEADER } from './auth/request-context';
import { documentIdempotency } from './idempotency/idempotency.openapi';
import { CLIENT_CLOSED_REQUEST, correlationIdOf, requestCompletionLog } from './observability/logging';
import { recordHttpRequest } from './observability/metrics';
import { answerUnroutablePath } from './http/input-screen';
import { continueInRequestSpan, endRequestSpan, startRequestSpan } from './observability/tracing';
import { ConfigurationError, loadServiceConfig, type ServiceConfig } from './config/service-config';
import { PINO_LOGGER, type ServiceDefinition } from './service-definition';

export interface ServiceApp {
  app: NestFastifyApplication;
  url: string;
}

/** Builds and starts one service. Used by main.ts and by the end-to-end tests (several apps in one process). */
export async function startService(
  definition: ServiceDefinition,
  rootModule: (config: ServiceConfig) => DynamicModule,
  config: ServiceConfig,
): Promise<ServiceApp> {
  // Path parameters up to 1,024 characters reach the validators (a subject may be 255), which answer a named 400.
  // The client's address is read from X-Forwarded-For only as many hops back as there are proxies we run behind.
  const adapter = new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: config.trustProxyHops || false, maxParamLength: 1024, frameworkErrors: answerUnroutablePath });
  // First hook of every request, before any middleware: fix the correlation id and echo it to the caller.
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER, correlationIdOf(request.raw));
    startRequestSpan(request.raw);
  });
  // Last hook before the route: the request's span becomes the active one for the rest of it.
  adapter.getInstance().addHook('preHandler', (request, _reply, done) => continueInRequestSpan(request.raw, done));
  // Import files are read as a stream by their endpoints, never buffered whole: the parser leaves the body unread.
  adapter.getInstance().addContentTypeParser(['application/x-ndjson', 'text/csv'], (_request, _payload, done) => done(null, undefined));
  const recordRequest = recordHttpRequest(config.service);
  // The completion line needs the service's logger, which exists once the app does (before any request arrives).
  let logRequest: ReturnType<typeof requestCompletionLog> = () => undefined;
  const finishRequest = (request: FastifyRequest, statusCode: number, elapsedMs?: number) => {
    const span = endRequestSpan(request.raw, statusCode, request.routeOptions.url);
    if (span) logRequest(request.raw, span, statusCode, elapsedMs);
  };
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    finishRequest(request, reply.statusCode, reply.elapsedTime);
    recordRequest(request, reply);
  });
  adapter.getInstance().addHook('onRequestAbort', async (request) => finishRequest(request, CLIENT_CLOSED_REQUEST));
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(config), adapter, { bufferLogs: true });
  logRequest = requestCompletionLog(app.get(PINO_LOGGER));
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await registerRateLimits(app, config.publicRateLimitPerMinute);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  documentIdempotency(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** The entry point of a service process: validated config (or exit 1 naming the problems), start, graceful stop. */
export async function runService(
  definition: ServiceDefinition,
  rootModule: (config: ServiceConfig) => DynamicModule,
): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(definition.name, definition.defaultPort);
    await startTracing(`tandem-${definition.name}`);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof TracingConfigurationError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, url } = await startService(definition, rootModule, config);
  const logger = app.get(Logger);
  logger.log(`${definition.name} listening on ${url} (run mode ${config.runMode}); API docs at ${url}/docs`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: draining (readiness off, finishing in-flight messages and requests)`);
      // If draining takes longer than allowed, leave anyway: the orchestrator would kill us next.
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
      app.close().then(stopTracing).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
