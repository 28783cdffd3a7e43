import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database } from '@tandem/event-store';
import { Clock, SERVICE_CONFIG, sweepEvery, sweepRound, type ServiceConfig } from '@tandem/platform';
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
  private stop: () => void = () => undefined;

  constructor(
    private readonly database: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Optional() @Inject(RECOGNITION_SETTINGS) private readonly settings: RecognitionSettings = DEFAULT_RECOGNITION_SETTINGS,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = sweepEvery(this.config, this.settings.competitionCloseSweepMs, this.logger, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Closes every competition whose voting ended; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now().toISOString();
    let closed = 0;
    await sweepRound(this.database, {
      lock: 'recognition:competition-closing',
      span: 'competition-closing close',
      due: async (tx) =>
        (await tx.query<{ tenant_id: string; competition_id: string }>(
          `SELECT tenant_id, competition_id FROM recognition.competitions WHERE status <> 'closed' AND voting_closes_at <= $1 ORDER BY voting_closes_at LIMIT 100`,
          [now],
        )).rows,
      // A competition closed meanwhile (by a manager) is refused by its decider: skipped, the others still close.
      each: (row) => {
        const context = { tenantId: row.tenant_id, actor: { id: 'system:recognition' }, correlationId: `competition-closing:${now}` };
        return this.commands
          .execute(new ManageCompetitionCommand(row.competition_id, { type: 'CloseCompetition', at: now, by: 'system:recognition' }, context))
          .then(() => (closed += 1))
          .catch((error) => this.logger.warn(`competition ${row.competition_id} not closed: ${String(error)}`));
      },
      attributes: (row) => ({ 'tandem.tenant_id': row.tenant_id, 'tandem.competition_id': row.competition_id }),
    });
    if (closed) this.logger.log(`closed ${closed} competitions`);
    return closed;
  }
}
