import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, outsideTransaction } from '@tandem/event-store';
import { Clock, SERVICE_CONFIG, type ServiceConfig } from '@tandem/platform';
import { withRootSpan } from '@tandem/tracing';
import { DEFAULT_RECOGNITION_SETTINGS, RECOGNITION_SETTINGS, type RecognitionSettings } from '../settings';
import { ManageCompetitionCommand } from './competitions.commands';

/**
 * Closes the competitions whose voting ended on its date (`votingClosesAt`), naming their winner, as a manager's
 * close would. Runs in worker mode; one replica at a time sweeps (advisory lock), and a competition closed meanwhile
 * is refused by its decider (`competition.closed`) and skipped. No vote is accepted after `votingClosesAt` anyway:
 * the sweep only bounds how long the winner waits to be named.
 */
@Injectable()
export class CompetitionClosing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('competition-closing');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Optional() @Inject(RECOGNITION_SETTINGS) private readonly settings: RecognitionSettings = DEFAULT_RECOGNITION_SETTINGS,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runMode === 'api') return;
    this.timer = setInterval(() => void this.sweep().catch((error) => this.logger.warn(`sweep failed: ${String(error)}`)), this.settings.competitionCloseSweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Closes every competition whose voting ended; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now().toISOString();
    return this.database.transaction(async (tx) => {
      const [{ locked }] = (await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('recognition:competition-closing')) AS locked`)).rows;
      if (!locked) return 0;
      const { rows } = await tx.query<{ tenant_id: string; competition_id: string }>(
        `SELECT tenant_id, competition_id FROM recognition.competitions WHERE status <> 'closed' AND voting_closes_at <= $1 ORDER BY voting_closes_at LIMIT 100`,
        [now],
      );
      let closed = 0;
      for (const row of rows) {
        const context = { tenantId: row.tenant_id, actor: { id: 'system:recognition' }, correlationId: `competition-closing:${now}` };
        const command = new ManageCompetitionCommand(row.competition_id, { type: 'CloseCompetition', at: now, by: 'system:recognition' }, context);
        // Each close is a unit of work of its own, outside the transaction holding the sweep's lock.
        await withRootSpan('competition-closing close', () => outsideTransaction(() => this.commands.execute(command)), {
          attributes: { 'tandem.tenant_id': row.tenant_id, 'tandem.competition_id': row.competition_id },
        })
          .then(() => (closed += 1))
          .catch((error) => this.logger.warn(`competition ${row.competition_id} not closed: ${String(error)}`));
      }
      if (closed) this.logger.log(`closed ${closed} competitions`);
      return closed;
    });
  }
}
