import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/**
 * Runs this service's migrations at start-up under a PostgreSQL advisory lock, so several replicas starting
 * together migrate once and the others wait. Turn off with MIGRATIONS_RUN=false to migrate from a job instead.
 */
@Injectable()
export class Migrator implements OnModuleInit {
  private readonly logger = new Logger('migrations');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrationsRun) return;
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('tandem:migrations'))`);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) this.logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('tandem:migrations'))`).catch(() => undefined);
      await lock.release();
    }
  }
}
