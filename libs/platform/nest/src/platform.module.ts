import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Database, EventStore, EVENT_STORE_MIGRATIONS, Projections } from '@tandem/event-store';
import { DatabaseAccess1796300000000 } from './persistence/database-access.migration';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { PROGRAM_SCOPE_QUERIES, ProgramScopeGuard } from './auth/program-scope';
import { Clock, SystemClock } from './clock';
import { TokenVerifier } from './auth/token-verifier';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { ProblemFilter } from './http/problem.filter';
import { InputScreenGuard } from './http/input-screen';
import { IdempotencyInterceptor, idempotencyProviders, IdempotencySchema1796173326589 } from './idempotency';
import { createValidationPipe } from './http/validation';
import { MessagingRuntime } from './messaging/messaging-runtime';
import { OpsController } from './messaging/ops.controller';
import { DatabaseMonitor } from './observability/database-monitor';
import { HealthController } from './observability/health';
import { Lifecycle } from './observability/lifecycle';
import { nestLoggingParams, traceLogMixin } from './observability/logging';
import { collectProcessMetricsOnce, MetricsController } from './observability/metrics';
import { Migrator } from './persistence/migrator';
import { PINO_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from './service-definition';

/**
 * Everything a Tandem service shares: validated config, JSON logs, metrics, probes, JWT auth with roles,
 * one error shape, its PostgreSQL database with the event store, and the Kafka pipeline.
 * A service imports `PlatformModule.forService(definition, config)` once in its root module.
 */
@Module({})
export class PlatformModule {
  static forService(definition: ServiceDefinition, config: ServiceConfig): DynamicModule {
    // Log lines to stdout in batches: asynchronous writes of 4 kB or what 100 ms gathered, whichever comes first.
    // A write per line cost a system call and a thread-pool round trip each (docs/benchmarks.md, HTTP section);
    // pino flushes what is pending when the process exits.
    const logger = pino(
      { level: config.logLevel, base: { service: config.service }, messageKey: 'msg', mixin: traceLogMixin },
      pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 }),
    );
    collectProcessMetricsOnce();
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(nestLoggingParams(logger)),
        PrometheusModule.register({ controller: MetricsController, defaultMetrics: { enabled: false } }),
        TerminusModule.forRoot({ logger: false }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.database.url,
          entities: definition.entities,
          migrations: [...EVENT_STORE_MIGRATIONS, IdempotencySchema1796173326589, DatabaseAccess1796300000000, ...definition.migrations],
          migrationsRun: false,
          synchronize: false,
          // A connection that cannot be had within 5 s fails the request (503, see ProblemFilter) instead of hanging it.
          extra: { max: config.database.poolSize, application_name: `tandem-${config.service}`, connectionTimeoutMillis: 5000 },
        }),
        CqrsModule.forRoot(),
        DiscoveryModule,
      ],
      controllers: [HealthController, OpsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: PINO_LOGGER, useValue: logger },
        { provide: Database, useFactory: (dataSource: DataSource) => new Database(dataSource), inject: [DataSource] },
        { provide: EventStore, useFactory: (database: Database) => new EventStore(database, new Projections(definition.projections)), inject: [Database] },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config.auth) },
        { provide: PROGRAM_SCOPE_QUERIES, useValue: definition.programScopes ?? {} },
        // Guards run in this order: who calls, whether the input is well-formed, whether they manage the program.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: InputScreenGuard },
        { provide: APP_GUARD, useClass: ProgramScopeGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ...idempotencyProviders,
        { provide: Clock, useClass: SystemClock },
        Lifecycle,
        DatabaseMonitor,
        Migrator,
        MessagingRuntime,
      ],
      exports: [Clock, SERVICE_CONFIG, SERVICE_DEFINITION, PINO_LOGGER, Database, EventStore, MessagingRuntime, CqrsModule],
    };
  }
}
