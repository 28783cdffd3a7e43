import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { Lifecycle } from './lifecycle';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** Liveness: the process answers. Never checks dependencies (a DB outage must not restart every pod). */
  @Get('live')
  @Public()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: this replica can do its work — its database and Kafka answer, and it is not shutting down. */
  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('lifecycle');
        return this.lifecycle.shuttingDown ? indicator.down({ reason: 'shutting down' }) : indicator.up();
      },
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('kafka');
        return (await this.messaging.kafkaReachable()) ? indicator.up() : indicator.down({ reason: 'no broker answered' });
      },
    ]);
  }
}
