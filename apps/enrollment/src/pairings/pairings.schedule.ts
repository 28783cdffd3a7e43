import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, outsideTransaction } from '@tandem/event-store';
import { Clock, SERVICE_CONFIG, type ServiceConfig } from '@tandem/platform';
import { withRootSpan } from '@tandem/tracing';
import { RecordPairingChangeCommand } from './pairings.commands';

const SWEEP_EVERY_MS = 30_000;

/**
 * Expires proposals and mentee requests past their deadline, freeing the capacity they hold. Runs in worker
 * mode; one replica at a time sweeps (advisory lock), and expiring twice is a no-op anyway. Commands on an
 * expired proposal also expire it on the spot, so the sweep only bounds how long a forgotten one holds a slot.
 */
@Injectable()
export class ProposalExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('proposal-expiry');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runMode === 'api') return;
    this.timer = setInterval(() => void this.sweep().catch((error) => this.logger.warn(`sweep failed: ${String(error)}`)), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Expires every overdue proposal; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now().toISOString();
    return this.database.transaction(async (tx) => {
      const [{ locked }] = (await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('enrollment:proposal-expiry')) AS locked`)).rows;
      if (!locked) return 0;
      const { rows } = await tx.query<{ tenant_id: string; pairing_id: string }>(
        `SELECT tenant_id, pairing_id FROM enrollment.pairings WHERE status IN ('proposed', 'approved') AND expires_at <= $1 ORDER BY expires_at LIMIT 500`,
        [now],
      );
      for (const row of rows) {
        // Each expiry is a unit of work of its own (its own transaction, outside the one holding the sweep's lock):
        // a new trace, which its events carry.
        await withRootSpan('proposal-expiry expire', () =>
          outsideTransaction(() =>
            this.commands.execute(
              new RecordPairingChangeCommand(row.pairing_id, { type: 'ExpireProposal', at: now }, { tenantId: row.tenant_id, actor: { id: 'system:enrollment' }, correlationId: `proposal-expiry:${now}` }),
            ),
          ),
          { attributes: { 'tandem.tenant_id': row.tenant_id, 'tandem.pairing_id': row.pairing_id } },
        );
      }
      if (rows.length) this.logger.log(`expired ${rows.length} proposals`);
      return rows.length;
    });
  }
}
