import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { cloudEventType, type IntegrationEventContract, type PayloadOf } from '@tandem/kernel';
import { Database, deterministicId, type EventMetadata, type OutboxMessage } from '@tandem/event-store';
import {
  ContractRegistry,
  createKafka,
  ensureTopics,
  IntegrationEventConsumer,
  kafkaReachable,
  OutboxRelay,
  topicName,
  type IntegrationEventHandler,
  type KafkaSettings,
} from '@tandem/messaging';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Lifecycle } from '../observability/lifecycle';
import { PINO_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from '../service-definition';
import { SubscribesTo, type Subscriber } from './subscriber';

/**
 * This service's side of the event pipeline: builds validated outbox messages for its own contracts, and in
 * worker mode runs the outbox relay and one consumer group over the topics its subscribers listen to.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly settings: KafkaSettings;
  private readonly registry: ContractRegistry;
  private relay?: OutboxRelay;
  private consumer?: IntegrationEventConsumer;
  private reachability?: { at: number; ok: Promise<boolean> };

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
    this.registry = new ContractRegistry([...definition.publishes, ...definition.consumes]);
  }

  /** The outbox row for an integration event caused by a domain event; its id is derived, so retries dedupe. */
  outboxMessage<C extends IntegrationEventContract<any>>(
    contract: C,
    payload: PayloadOf<C>,
    cause: { eventId: string; metadata: EventMetadata; time?: Date },
  ): OutboxMessage {
    return this.registry.toOutboxMessage(this.settings, contract, payload, {
      messageId: deterministicId('integration', cause.eventId, cloudEventType(contract)),
      time: cause.time ?? new Date(),
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
      traceparent: cause.metadata.traceparent,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const own = this.definition.publishes.map((c) => topicName(this.settings, c.topic));
    const subscribed = this.definition.consumes.map((c) => topicName(this.settings, c.topic));
    const dlq = this.dlqTopic();
    await ensureTopics(this.kafka, this.settings, [...own, ...subscribed, ...(subscribed.length ? [dlq] : [])]);
    if (this.config.runMode === 'api') return;

    if (own.length > 0) {
      this.relay = new OutboxRelay(this.database, this.kafka, this.logger, { service: this.config.service });
      this.relay.start();
    }
    const handlers = this.subscriberHandlers();
    if (handlers.size > 0) {
      this.consumer = new IntegrationEventConsumer(this.database, this.kafka, this.registry, this.logger, {
        // The group is namespaced like the topics: deployments sharing a cluster never share a group.
        name: topicName(this.settings, this.config.service),
        topics: [...new Set(subscribed)],
        handlers,
        dlqTopic: dlq,
        maxAttempts: this.config.consumerMaxAttempts,
      });
      await this.consumer.start();
    }
  }

  /** Graceful shutdown: report not-ready, finish the message in flight and commit, stop relaying. */
  async beforeApplicationShutdown(): Promise<void> {
    this.lifecycle.shuttingDown = true;
    await this.consumer?.stop();
    await this.relay?.stop();
  }

  async kafkaReachable(): Promise<boolean> {
    // Probes come every few seconds from every kubelet; one metadata round trip per 2 s is plenty.
    if (!this.reachability || Date.now() - this.reachability.at > 2000) {
      this.reachability = { at: Date.now(), ok: kafkaReachable(this.kafka) };
    }
    return this.reachability.ok;
  }

  status() {
    return {
      runMode: this.config.runMode,
      relay: this.relay?.status() ?? null,
      consumer: this.consumer ? { group: topicName(this.settings, this.config.service), partitions: this.consumer.status() } : null,
    };
  }

  private dlqTopic(): string {
    return topicName(this.settings, `mentoring.dlq.${this.config.service}`);
  }

  private subscriberHandlers(): Map<string, IntegrationEventHandler> {
    const handlers = new Map<string, IntegrationEventHandler>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: SubscribesTo.KEY })) {
      const contract = this.discovery.getMetadataByDecorator(SubscribesTo, wrapper);
      const instance = wrapper.instance as Subscriber<any> | undefined;
      if (!contract || !instance) continue;
      const type = cloudEventType(contract);
      if (handlers.has(type)) throw new Error(`Two subscribers handle ${type}`);
      handlers.set(type, (event, tx) => instance.handle(event, tx));
    }
    return handlers;
  }
}
