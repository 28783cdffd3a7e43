import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database } from '@tandem/event-store';
import { Clock, SERVICE_CONFIG, sweepEvery, sweepRound, type ServiceConfig } from '@tandem/platform';
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
  private stop: () => void = () => undefined;

  constructor(
    private readonly database: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = sweepEvery(this.config, SWEEP_EVERY_MS, this.logger, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Expires every overdue proposal; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now().toISOString();
    const expired = await sweepRound(this.database, {
      lock: 'enrollment:proposal-expiry',
      span: 'proposal-expiry expire',
      due: async (tx) =>
        (await tx.query<{ tenant_id: string; pairing_id: string }>(
          `SELECT tenant_id, pairing_id FROM enrollment.pairings WHERE status IN ('proposed', 'approved') AND expires_at <= $1 ORDER BY expires_at LIMIT 500`,
          [now],
        )).rows,
      each: (row) =>
        this.commands.execute(
          new RecordPairingChangeCommand(row.pairing_id, { type: 'ExpireProposal', at: now }, { tenantId: row.tenant_id, actor: { id: 'system:enrollment' }, correlationId: `proposal-expiry:${now}` }),
        ),
      attributes: (row) => ({ 'tandem.tenant_id': row.tenant_id, 'tandem.pairing_id': row.pairing_id }),
    });
    if (expired.length) this.logger.log(`expired ${expired.length} proposals`);
    return expired.length;
  }
}
