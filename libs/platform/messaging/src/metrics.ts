import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

// Metrics are registered once per process and labelled by service, so several services (or test apps)
// in one process share them instead of failing on a duplicate registration.
function metric<T>(name: string, create: (registry: Registry) => T, registry: Registry = register): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create(registry);
}

export const messagingMetrics = {
  relayPublished: () =>
    metric('tandem_relay_published_total', (r) =>
      new Counter({ name: 'tandem_relay_published_total', help: 'Outbox messages published to Kafka', labelNames: ['service', 'topic'], registers: [r] }),
    ),
  relayBatchSeconds: () =>
    metric('tandem_relay_batch_seconds', (r) =>
      new Histogram({ name: 'tandem_relay_batch_seconds', help: 'Time to publish one outbox batch', labelNames: ['service'], registers: [r] }),
    ),
  relayLeader: () =>
    metric('tandem_relay_leader', (r) =>
      new Gauge({ name: 'tandem_relay_leader', help: '1 while this replica holds the relay lease', labelNames: ['service'], registers: [r] }),
    ),
  consumed: () =>
    metric('tandem_consumer_messages_total', (r) =>
      new Counter({
        name: 'tandem_consumer_messages_total',
        help: 'Messages handled by consumers, by outcome (processed, duplicate, ignored, dead_lettered)',
        labelNames: ['consumer', 'topic', 'outcome'],
        registers: [r],
      }),
    ),
  consumerLag: () =>
    metric('tandem_consumer_lag', (r) =>
      new Gauge({ name: 'tandem_consumer_lag', help: 'Messages behind the partition high watermark', labelNames: ['consumer', 'topic', 'partition'], registers: [r] }),
    ),
  consumerOffset: () =>
    metric('tandem_consumer_last_offset', (r) =>
      new Gauge({ name: 'tandem_consumer_last_offset', help: 'Last processed offset', labelNames: ['consumer', 'topic', 'partition'], registers: [r] }),
    ),
};
