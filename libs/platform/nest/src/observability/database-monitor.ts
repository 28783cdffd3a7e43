import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/** How often the database is probed, and how long one probe may take before it counts as a failure. */
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;

export interface DatabaseState {
  reachable: boolean;
  checkedAt: string | null;
  error?: string;
}

/**
 * Whether this service's PostgreSQL answers, known in advance: a `SELECT 1` every second on a connection of its
 * own (outside the pool, so a pool busy with requests does not read as an outage), so readiness answers at once
 * from the last result instead of waiting on a dead server. A dropped connection counts as down immediately.
 */
@Injectable()
export class DatabaseMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private state: DatabaseState = { reachable: false, checkedAt: null, error: 'not checked yet' };
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private probing = false;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  onApplicationBootstrap(): void {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.dropClient();
  }

  current(): DatabaseState {
    return { ...this.state };
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      });
      await Promise.race([this.ping(), timeout]);
      this.state = { reachable: true, checkedAt: new Date().toISOString() };
    } catch (error) {
      this.down((error as Error).message);
      this.dropClient();
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
  }

  private async ping(): Promise<void> {
    if (!this.client) {
      const client = new Client({ connectionString: this.config.database.url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, application_name: `tandem-${this.config.service}-probe` });
      // A connection that drops between probes (server restart, network cut) is an outage now, not in a second.
      client.on('error', (error) => {
        this.down(error.message);
        if (this.client === client) this.client = undefined;
        client.end().catch(() => undefined);
      });
      this.client = client;
      await client.connect();
    }
    await this.client.query('SELECT 1');
  }

  private down(error: string): void {
    this.state = { reachable: false, checkedAt: new Date().toISOString(), error };
  }

  /** Not awaited: ending a connection to a server that does not answer may itself hang. */
  private dropClient(): void {
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
  }
}
