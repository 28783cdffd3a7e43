import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Database, EventStore, EVENT_STORE_MIGRATIONS, newId, Projections } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import { ContractRegistry, type ReceivedEvent } from '@tandem/messaging';
import { causedOutboxMessage, type Clock, type MessagingRuntime } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { createTestDataSource } from '@tandem/testing';
import { ActivitySubscribers } from '../activity/activity.subscriber';
import { AwardWriter } from '../awards/awards.commands';
import { BadgeRules } from '../badge-rules/badge-rules.commands';
import { CredentialIssuer } from '../credentials/credentials.commands';
import { IssuerKeys } from '../credentials/issuer-keys';
import { BadgeDefinitions1763700000300 } from '../migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from '../migrations/1763700000310-programs';
import { Awards1763700000320 } from '../migrations/1763700000320-awards';
import { FactsByKind1763700000330 } from '../migrations/1763700000330-facts-by-kind';
import { Community1763700000500 } from '../migrations/1763700000500-community';
import { Rewards1763700000400 } from '../migrations/1763700000400-rewards';
import { Credentials1763700000700 } from '../migrations/1763700000700-credentials';
import { AwardOnFactsChanged } from '../policies/award-on-facts.policy';
import { RECOGNITION_PROJECTIONS } from '../projections';
import { DEFAULT_RECOGNITION_SETTINGS, type RecognitionSettings } from '../settings';

export const MIGRATIONS = [...EVENT_STORE_MIGRATIONS, BadgeDefinitions1763700000300, Programs1763700000310, Awards1763700000320, FactsByKind1763700000330, Rewards1763700000400, Community1763700000500, Credentials1763700000700];

/** A public event of another service as the consumer would hand it over. */
export interface Delivery {
  id: string;
  contract: IntegrationEventContract<any>;
  payload: Record<string, unknown> & { tenantId: string };
}

/**
 * Recognition's awarding path against a real PostgreSQL database without Kafka: deliveries go through an inbox insert
 * (as the consumer does: a duplicate id does nothing) and the real subscribers, policy and award writer, in one
 * transaction per event; outbox rows are built as the runtime builds them (`causedOutboxMessage`: one per
 * event and contract: a definition published as BadgeDefined v2 and v3 is two rows).
 */
export async function awardsHarness(label: string, now = '2026-11-02T10:00:00.000Z') {
  const env = await createTestDataSource(label, MIGRATIONS);
  const db = new Database(env.dataSource);
  const store = new EventStore(db, new Projections(RECOGNITION_PROJECTIONS));
  const registry = new ContractRegistry([...RECOGNITION_CONTRACTS, ...SESSION_TRACKING_CONTRACTS]);
  const messaging = {
    outboxMessage: (contract, payload, cause) => causedOutboxMessage(registry, { topicPrefix: '' }, contract, payload, cause),
  } as Pick<MessagingRuntime, 'outboxMessage'> as MessagingRuntime;
  const clock: Clock = { now: () => new Date(now) };
  // Credentials on, with a master key of this run's: every award is issued as a signed credential, as in production.
  const settings: RecognitionSettings = { ...DEFAULT_RECOGNITION_SETTINGS, credentials: { masterKey: randomBytes(32), publicBaseUrl: 'https://tandem.test/recognition', issuerNames: new Map(), fetchForeign: false } };
  const keys = new IssuerKeys(settings);
  const credentials = new CredentialIssuer(store, messaging, keys);
  const awards = new AwardWriter(store, messaging, settings, credentials);
  const rules = new BadgeRules(store, messaging, awards);
  const policy = new AwardOnFactsChanged(awards);
  const subscribers = new Map<string, { handle(e: ReceivedEvent<any>, tx: unknown): Promise<void> }>();
  for (const Sub of ActivitySubscribers) {
    const instance = new Sub(policy, clock);
    const contract = SESSION_TRACKING_CONTRACTS.find((c) => `FactsFrom${c.name}` === Sub.name);
    if (contract) subscribers.set(contract.name, instance);
  }

  const deliver = (d: Delivery) =>
    db.transaction(async (tx) => {
      registry.validate(`tandem.${d.contract.context}.${d.contract.name}.v${d.contract.version}`, d.payload);
      const inserted = await tx.query(
        `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type) VALUES ($1, $2, $3, 0, '0', $4) ON CONFLICT DO NOTHING RETURNING 1`,
        ['recognition', d.id, d.contract.topic, d.contract.name],
      );
      if (inserted.rows.length === 0) return;
      const received = { id: d.id, type: d.contract.name, source: 'test', time: now, tenantId: d.payload.tenantId, payload: d.payload, topic: d.contract.topic, partition: 0, offset: '0' };
      await subscribers.get(d.contract.name)!.handle(received, tx);
    });

  const system = (tenantId: string) => ({ tenantId, actor: { id: 'system:test' }, correlationId: newId() });

  return {
    db,
    store,
    rules,
    messaging,
    keys,
    credentials,
    deliver,
    setUpDefaults: (tenantId: string, programId: string) => db.transaction((tx) => rules.setUpDefaults(tx, programId, now, system(tenantId))),
    /** (person, badge, rule version, earned at, evidence ids) of a program's awards, sorted. */
    awards: async (tenantId: string, programId: string) =>
      (
        await db.query<{ person_id: string; badge_id: string; rule_version: number; earned_at: Date; evidence: unknown; status: string; flagged: boolean }>(
          `SELECT person_id, badge_id, rule_version, earned_at, evidence, status, flagged FROM recognition.awards
           WHERE tenant_id = $1 AND program_id = $2 ORDER BY person_id, badge_id`,
          [tenantId, programId],
        )
      ).rows.map((r) => ({ ...r, earned_at: r.earned_at.toISOString() })),
    outbox: async (tenantId: string) =>
      (await db.query<{ event_type: string; message_key: string }>(`SELECT event_type, message_key FROM messaging.outbox WHERE tenant_id = $1 ORDER BY position`, [tenantId])).rows,
    close: () => env.close(),
  };
}

export type PayloadFor<C> = PayloadOf<C>;
