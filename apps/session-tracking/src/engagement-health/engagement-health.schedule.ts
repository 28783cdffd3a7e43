import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, newId } from '@tandem/event-store';
import { Clock, PINO_LOGGER, SERVICE_CONFIG, type ServiceConfig } from '@tandem/platform';
import { withRootSpan } from '@tandem/tracing';
import type { Logger } from 'pino';
import { PAIRING_COLUMNS, type PairingRow } from '../pairings/pairings.queries';
import { systemContext } from '../shared/outbox';
import { SESSION_TRACKING_SETTINGS, type SessionTrackingSettings } from '../settings';
import { EvaluateHealthCommand } from './engagement-health.commands';

export interface HealthCheckReport {
  evaluated: number;
  atRisk: number;
  recovered: number;
  failed: number;
}

// Active pairings whose due time was crossed in either direction since their health was last decided (an imported
// pairing once its history is in: see the import_hold migration).
const CANDIDATES = `status = 'active' AND NOT import_hold AND ((health = 'healthy' AND due_at < $1) OR (health = 'at-risk' AND due_at >= $1))`;

/**
 * Decides which active pairings became at risk (or recovered) as of a given `now`. Callable directly with any
 * time (the integration test drives it with a fake clock); the scheduler calls it with the service's Clock.
 *
 * Safe on several replicas: each pairing is evaluated in its own transaction that first locks its row with
 * `FOR UPDATE SKIP LOCKED` (another replica, or a session confirmation, holding it is simply skipped), and the
 * health state is event-sourced, so even a duplicate evaluation cannot raise the same alert twice.
 * Survives restarts: everything it needs is in the database (due times, health streams).
 */
@Injectable()
export class EngagementHealthChecker {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
  ) {}

  async checkDue(now: Date, options: { batchSize?: number; maxBatches?: number; onError?: (error: unknown, pairingId: string) => void } = {}): Promise<HealthCheckReport> {
    const { batchSize = 200, maxBatches = 50 } = options;
    const report: HealthCheckReport = { evaluated: 0, atRisk: 0, recovered: 0, failed: 0 };
    const failed = new Set<string>();
    for (let batch = 0; batch < maxBatches; batch++) {
      const { rows } = await this.db.query<{ tenantId: string; pairingId: string }>(
        `SELECT tenant_id AS "tenantId", pairing_id AS "pairingId" FROM session_tracking.pairings
         WHERE ${CANDIDATES} AND NOT (tenant_id || '/' || pairing_id = ANY($3::text[]))
         ORDER BY due_at LIMIT $2`,
        [now, batchSize, [...failed]],
      );
      let changed = 0;
      for (const { tenantId, pairingId } of rows) {
        try {
          // Each evaluation is a unit of work of its own: a new trace, which its alerts carry.
          const events = await withRootSpan('engagement-health evaluate', () =>
            this.db.transaction(async (tx) => {
              const { rows: locked } = await tx.query<PairingRow>(
                `SELECT ${PAIRING_COLUMNS} FROM session_tracking.pairings
                 WHERE tenant_id = $2 AND pairing_id = $3 AND ${CANDIDATES} FOR UPDATE SKIP LOCKED`,
                [now, tenantId, pairingId],
              );
              if (!locked[0]) return [];
              // Dispatched like any command; it joins this transaction, which holds the row's lock.
              return this.commands.execute(new EvaluateHealthCommand(systemContext(tenantId, `health-check:${newId()}`), locked[0], now));
            }),
            { attributes: { 'tandem.tenant_id': tenantId, 'tandem.pairing_id': pairingId } },
          );
          report.evaluated++;
          for (const event of events) {
            changed++;
            if (event.type === 'PairingAtRisk') report.atRisk++;
            else report.recovered++;
          }
        } catch (error) {
          report.failed++;
          failed.add(`${tenantId}/${pairingId}`);
          options.onError?.(error, pairingId);
        }
      }
      // A short batch is the last one; a batch that changed nothing (rows held by others) is not retried now.
      if (rows.length < batchSize || changed === 0) break;
    }
    return report;
  }
}

/**
 * Runs the check every HEALTH_CHECK_INTERVAL_MS with the service's Clock, in worker and all-in-one processes
 * (never in RUN_MODE=api). One check at a time per process; shutdown waits for the one in flight.
 */
@Injectable()
export class EngagementHealthScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly checker: EngagementHealthChecker,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SESSION_TRACKING_SETTINGS) private readonly settings: SessionTrackingSettings,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runMode === 'api') return;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().finally(() => {
        this.inFlight = undefined;
        this.schedule(this.settings.healthCheckIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.checker.checkDue(this.clock.now(), {
        onError: (err, pairingId) => this.logger.error({ err, pairingId }, 'engagement health evaluation failed'),
      });
      if (report.atRisk || report.recovered || report.failed) this.logger.info({ component: 'engagement-health', ...report }, 'engagement health checked');
    } catch (err) {
      this.logger.warn({ err, component: 'engagement-health' }, 'engagement health check failed; retrying at the next interval');
    }
  }
}
