import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/roles';
import { MessagingRuntime } from '../messaging/messaging-runtime';
import { DatabaseMonitor } from './database-monitor';
import { Lifecycle } from './lifecycle';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseMonitor,
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

  /**
   * Readiness: this replica can take requests — it has started (topics ready, relay and consumer running), is not
   * shutting down, and its database answers. Answered at once from states probed in the background. Kafka, the
   * relay and the consumer are reported under `messaging` but never make the pod unready once it has started:
   * commands still land in the outbox while the broker is away, and the relay catches up when it is back.
   * The body names states only (the probe is public): no addresses, topic names or error texts.
   */
  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('lifecycle');
        return this.lifecycle.shuttingDown ? indicator.down({ reason: 'shutting down' }) : indicator.up();
      },
      () => {
        const indicator = this.indicators.check('database');
        const state = this.database.current();
        return state.reachable ? indicator.up({ checkedAt: state.checkedAt }) : indicator.down({ reason: 'database unreachable', checkedAt: state.checkedAt });
      },
      () => {
        const indicator = this.indicators.check('messaging');
        const readiness = this.messaging.readiness();
        if (this.messaging.started) return indicator.up(readiness);
        return indicator.down({ ...readiness, reason: 'starting: waiting for Kafka and its topics (details in the log and /ops/messaging)' });
      },
    ]);
  }
}
