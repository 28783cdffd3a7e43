import 'reflect-metadata';
import { Database, EventStore, Projections, rebuildReadModels } from '@tandem/event-store';
import { ContractRegistry, createKafka, replayTopics, topicName } from '@tandem/messaging';
import pino from 'pino';
import { DataSource } from 'typeorm';
import type { ServiceDefinition } from '../service-definition';
import { inSequence, integrationBatchWrites, integrationHandlers } from './integration-projection';

/**
 * The body of a consumer service's `rebuild-read-models` command:
 * `DATABASE_URL=… KAFKA_BROKERS=… [KAFKA_TOPIC_PREFIX=…] node dist/apps/<service>/src/rebuild-read-models.js`
 * replays its own event store into its inline projections, if it has any (see rebuildReadModels), then the topics it
 * consumes into its integration projections (see replayTopics), and prints what it did. Stop the service's consumers
 * first (it refuses otherwise); start them again afterwards.
 */
export async function runReplayCommand(definition: ServiceDefinition, env: Record<string, string | undefined> = process.env): Promise<void> {
  const url = env.DATABASE_URL;
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (!url) throw new Error('DATABASE_URL is required');
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is required');
  const settings = { brokers, clientId: `${definition.name}-rebuild`, topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '' };
  const projections = definition.integrationProjections ?? [];
  const dataSource = new DataSource({ type: 'postgres', url });
  await dataSource.initialize();
  try {
    const started = process.hrtime.bigint();
    const database = new Database(dataSource);
    if (definition.projections?.length) {
      const counts = await rebuildReadModels(new EventStore(database, new Projections(definition.projections)), database, { progress: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(`[rebuild] ${definition.name}: own events replayed per stream category: ${JSON.stringify(counts)}\n`);
    }
    const result = await replayTopics(createKafka(settings, pino({ level: 'warn' })), database, new ContractRegistry(definition.consumes), {
      consumer: topicName(settings, definition.name),
      topics: [...new Set(definition.consumes.map((c) => topicName(settings, c.topic)))],
      handlers: new Map([...integrationHandlers(projections)].map(([type, handlers]) => [type, inSequence(handlers)])),
      batchWrites: integrationBatchWrites(projections),
      tables: projections.flatMap((p) => p.tables),
      progress: (line) => process.stdout.write(`${line}\n`),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const applied = Object.values(result.applied).reduce((a, b) => a + b, 0);
    process.stdout.write(`[rebuild] ${definition.name}: done in ${seconds.toFixed(1)} s, ${applied} events applied, ${result.skipped} skipped: ${JSON.stringify(result.applied)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs the command as a process's main: a failure prints its message and exits 1. */
export function replayCommandMain(definition: ServiceDefinition): void {
  runReplayCommand(definition).then(
    () => process.exit(0), // kafkajs may keep timers alive after disconnecting
    (error) => {
      process.stderr.write(`[rebuild] ${definition.name} failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
