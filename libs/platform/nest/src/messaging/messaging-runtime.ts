import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { cloudEventType, type IntegrationEventContract, type PayloadOf } from '@tandem/kernel';
import { Database, deterministicId, type EventMetadata, type OutboxMessage } from '@tandem/event-store';
import {
  ContractRegistry,
  createKafka,
  ensureTopics,
  IntegrationEventConsumer,
  OutboxNotifier,
  OutboxRelay,
  probeKafka,
  topicName,
  type IntegrationEventHandler,
  type KafkaSettings,
} from '@tandem/messaging';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Lifecycle } from '../observability/lifecycle';
import { PINO_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from '../service-definition';
import { integrationHandlers, inSequence } from './integration-projection';
import { SubscribesTo, type Subscriber } from './subscriber';

/**
 * The outbox row for an integration event caused by a domain event: its id is derived from the cause and the type,
 * so a retried command writes the same row (and one cause published as two versions of a contract, two rows).
 * `MessagingRuntime.outboxMessage`; also what tests and benchmarks use to write outbox rows without a runtime.
 */
export function causedOutboxMessage<C extends IntegrationEventContract<any>>(
  registry: ContractRegistry,
  settings: Pick<KafkaSettings, 'topicPrefix'>,
  contract: C,
  payload: PayloadOf<C>,
  cause: { eventId: string; metadata: EventMetadata; time?: Date },
): OutboxMessage {
  return registry.toOutboxMessage(settings, contract, payload, {
    messageId: deterministicId('integration', cause.eventId, cloudEventType(contract)),
    // CloudEvents `time` is when the occurrence happened: an imported event's original time.
    time: cause.metadata.occurredAt ? new Date(cause.metadata.occurredAt) : (cause.time ?? new Date()),
    correlationId: cause.metadata.correlationId,
    causationId: cause.eventId,
    traceparent: cause.metadata.traceparent,
    ...(cause.metadata.imported ? { importId: cause.metadata.imported.importId } : {}),
  });
}

/** Where start-up stands: `waiting` for the broker and its topics, `running` (relay and consumer started). */
export interface MessagingStartup {
  state: 'waiting' | 'running' | 'stopped';
  /** What start-up is waiting for, while it waits. */
  waitingFor: string | null;
  attempts: number;
  lastError: string | null;
  since: string;
}

const STARTUP_BACKOFF = { initialMs: 500, maxMs: 5000 };
const KAFKA_PROBE_INTERVAL_MS = 5000;

/**
 * This service's side of the event pipeline: builds validated outbox messages for its own contracts, and in
 * worker mode runs the outbox relay and one consumer group over the topics its subscribers listen to.
 *
 * Start-up never blocks the HTTP listener and never crashes on a broker that is absent, starting, creating topics
 * or electing leaders: it retries in the background with back-off (logging what it waits for) and readiness stays
 * false until the topics exist and the relay and consumer have started. `KAFKA_STARTUP_TIMEOUT_MS` > 0 makes the
 * process exit instead when that takes too long (by default it waits: a pod that is not ready yet is fine, a
 * crash-loop is not). In `api` mode the process does not use Kafka at all (commands only write the outbox).
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly kafka: Kafka;
  /** Start-up attempts and probes: few retries, so each attempt answers fast and our own loop paces them. */
  private readonly probeKafka: Kafka;
  private readonly settings: KafkaSettings;
  private readonly registry: ContractRegistry;
  private relay?: OutboxRelay;
  private readonly notifier: OutboxNotifier;
  private consumer?: IntegrationEventConsumer;
  private startup: MessagingStartup = { state: 'waiting', waitingFor: null, attempts: 0, lastError: null, since: new Date().toISOString() };
  private starting?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private kafkaState: { reachable: boolean | null; checkedAt: string | null; error?: string } = { reachable: null, checkedAt: null };
  private kafkaProbeTimer?: NodeJS.Timeout;
  private kafkaProbing = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly database: Database,
    private readonly discovery: DiscoveryService,
    private readonly lifecycle: Lifecycle,
  ) {
    this.settings = {
      brokers: config.kafka.brokers,
      clientId: `tandem-${config.service}`,
      topicPrefix: config.kafka.topicPrefix,
      partitions: config.kafka.partitions,
      replicationFactor: config.kafka.replicationFactor,
    };
    this.kafka = createKafka(this.settings, logger);
    this.probeKafka = createKafka(this.settings, logger, {
      quiet: true,
      connectionTimeout: 1000,
      requestTimeout: 5000,
      retry: { initialRetryTime: 200, retries: 2, maxRetryTime: 1000 },
    });
    this.registry = new ContractRegistry([...definition.publishes, ...definition.consumes]);
    // A commit here wakes this process's relay when it leads (it listens itself), else the leader by NOTIFY.
    this.notifier = new OutboxNotifier(database);
    database.outboxCommitted.subscribe(() => {
      if (!this.relay?.leading) this.notifier.notify();
    });
  }

  /** The outbox row for an integration event caused by a domain event (`causedOutboxMessage`). */
  outboxMessage<C extends IntegrationEventContract<any>>(
    contract: C,
    payload: PayloadOf<C>,
    cause: { eventId: string; metadata: EventMetadata; time?: Date },
  ): OutboxMessage {
    return causedOutboxMessage(this.registry, this.settings, contract, payload, cause);
  }

  onApplicationBootstrap(): void {
    if (this.config.runMode === 'api') {
      this.startup = { ...this.startup, state: 'running' };
      return;
    }
    // Not awaited: the HTTP server listens (and answers probes) while this waits for the broker.
    this.starting = this.start().catch((error: unknown) => this.logger.error({ err: error }, 'messaging start-up failed'));
    this.probeKafkaNow();
    this.kafkaProbeTimer = setInterval(() => this.probeKafkaNow(), KAFKA_PROBE_INTERVAL_MS).unref();
  }

  /** Graceful shutdown: report not-ready, finish the message in flight and commit, stop relaying. */
  async beforeApplicationShutdown(): Promise<void> {
    this.lifecycle.shuttingDown = true;
    this.stopping = true;
    clearInterval(this.kafkaProbeTimer);
    this.wake?.();
    await this.starting;
    await this.consumer?.stop();
    await this.relay?.stop();
    this.startup = { ...this.startup, state: 'stopped', waitingFor: null };
  }

  /** True once the relay and consumer run (immediately in `api` mode): until then the pod is not ready. */
  get started(): boolean {
    return this.startup.state === 'running';
  }

  /**
   * What the public readiness probe shows: states only. Broker addresses, topic names and error texts stay in the
   * logs and in the admin-only `/ops/messaging` (`status()`), since the probe answers anyone who can reach the pod.
   */
  readiness() {
    return {
      runMode: this.config.runMode,
      startup: { state: this.startup.state, since: this.startup.since, attempts: this.startup.attempts },
      kafka: this.config.runMode === 'api' ? null : { reachable: this.kafkaState.reachable, checkedAt: this.kafkaState.checkedAt },
      relay: this.relay ? relayReadiness(this.relay.status()) : null,
      consumer: this.consumer ? { joined: this.consumer.groupState().joined } : null,
    };
  }

  status() {
    return {
      runMode: this.config.runMode,
      startup: { ...this.startup },
      kafka: this.config.runMode === 'api' ? null : { brokers: this.settings.brokers, ...this.kafkaState },
      relay: this.relay?.status() ?? null,
      consumer: this.consumer
        ? { group: topicName(this.settings, this.config.service), ...this.consumer.groupState(), partitions: this.consumer.status() }
        : null,
    };
  }

  private async start(): Promise<void> {
    const own = this.definition.publishes.map((c) => topicName(this.settings, c.topic));
    const subscribed = this.definition.consumes.map((c) => topicName(this.settings, c.topic));
    const topics = [...new Set([...own, ...subscribed, ...(subscribed.length ? [this.dlqTopic()] : [])])];
    const began = Date.now();
    const brokers = this.settings.brokers.join(',');

    if (!(await this.retry(`Kafka at ${brokers} and topics ${topics.join(', ')}`, began, () => ensureTopics(this.probeKafka, this.settings, topics)))) return;
    if (own.length > 0) {
      this.relay = new OutboxRelay(this.database, this.kafka, this.logger, { service: this.config.service });
      this.relay.start();
    }
    const handlers = this.subscriberHandlers();
    if (handlers.size > 0) {
      const started = await this.retry(`consumer group ${topicName(this.settings, this.config.service)} on ${brokers}`, began, async () => {
        const consumer = new IntegrationEventConsumer(this.database, this.kafka, this.registry, this.logger, {
          // The group is namespaced like the topics: deployments sharing a cluster never share a group.
          name: topicName(this.settings, this.config.service),
          topics: [...new Set(subscribed)],
          handlers,
          dlqTopic: this.dlqTopic(),
          maxAttempts: this.config.consumerMaxAttempts,
        });
        try {
          await consumer.start();
        } catch (error) {
          await consumer.stop().catch(() => undefined);
          throw error;
        }
        this.consumer = consumer;
      });
      if (!started) return;
    }
    this.startup = { ...this.startup, state: 'running', waitingFor: null, lastError: null };
    this.logger.info({ topics, attempts: this.startup.attempts, ms: Date.now() - began }, 'messaging started (topics ready, relay and consumer running)');
  }

  /** Runs `attempt` until it succeeds (true) or shutdown begins (false), backing off and saying what it waits for. */
  private async retry(waitingFor: string, began: number, attempt: () => Promise<void>): Promise<boolean> {
    let delay = STARTUP_BACKOFF.initialMs;
    while (!this.stopping) {
      this.startup = { ...this.startup, waitingFor, attempts: this.startup.attempts + 1 };
      try {
        await attempt();
        return true;
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        this.startup = { ...this.startup, lastError: message };
        const waited = Date.now() - began;
        const limit = this.config.kafka.startupTimeoutMs;
        if (limit > 0 && waited >= limit) {
          this.logger.fatal({ waitingFor, waitedMs: waited, err: error }, `gave up waiting for ${waitingFor} after ${waited} ms (KAFKA_STARTUP_TIMEOUT_MS); exiting`);
          this.logger.flush?.();
          process.exit(1);
        }
        this.logger.warn({ waitingFor, attempt: this.startup.attempts, waitedMs: waited, retryInMs: delay, error: message }, `waiting for ${waitingFor}: ${message}`);
        await this.pause(delay);
        delay = Math.min(STARTUP_BACKOFF.maxMs, delay * 2);
      }
    }
    return false;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Kafka reachability for the readiness body and /ops/messaging, probed in the background (never on a request). */
  private probeKafkaNow(): void {
    if (this.kafkaProbing) return;
    this.kafkaProbing = true;
    void probeKafka(this.probeKafka).then(({ reachable, error }) => {
      this.kafkaState = { reachable, checkedAt: new Date().toISOString(), ...(error ? { error } : {}) };
      this.kafkaProbing = false;
    });
  }

  private dlqTopic(): string {
    return topicName(this.settings, `mentoring.dlq.${this.config.service}`);
  }

  /**
   * What each consumed event type runs in the inbox transaction: the declared projections of other services' events
   * that apply it (in declaration order), then the one `@SubscribesTo` reaction, if any.
   */
  private subscriberHandlers(): Map<string, IntegrationEventHandler> {
    const steps = integrationHandlers(this.definition.integrationProjections ?? []);
    const reactions = new Set<string>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: SubscribesTo.KEY })) {
      const contract = this.discovery.getMetadataByDecorator(SubscribesTo, wrapper);
      const instance = wrapper.instance as Subscriber<any> | undefined;
      if (!contract || !instance) continue;
      const type = cloudEventType(contract);
      if (reactions.has(type)) throw new Error(`Two subscribers handle ${type}`);
      reactions.add(type);
      steps.set(type, [...(steps.get(type) ?? []), (event, tx) => instance.handle(event, tx)]);
    }
    return new Map([...steps].map(([type, handlers]) => [type, inSequence(handlers)]));
  }
}

const relayReadiness = ({ leader, lastError }: { leader: boolean; lastError: string | null }) => ({ leader, failing: lastError !== null });
