import 'reflect-metadata';
import { Database, EventStore, EVENT_STORE_MIGRATIONS, newId, Projections } from '@tandem/event-store';
import type { IntegrationEventContract } from '@tandem/kernel';
import { ContractRegistry } from '@tandem/messaging';
import type { MessagingRuntime } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { createTestDataSource } from '@tandem/testing';
import { BadgeDefinitions1763700000300 } from '../migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from '../migrations/1763700000310-programs';
import { RECOGNITION_PROJECTIONS } from '../projections';
import { SetUpBadgeCatalogCommand, SetUpBadgeCatalogHandler } from './badges.commands';
import { programBadges } from './badges.queries';

const MIGRATIONS = [...EVENT_STORE_MIGRATIONS, BadgeDefinitions1763700000300, Programs1763700000310];
const TENANT = 'acme';

/** The outbox rows the service would write, built from the contracts registry (no Kafka needed here). */
const registry = new ContractRegistry(RECOGNITION_CONTRACTS);
const messaging: Pick<MessagingRuntime, 'outboxMessage'> = {
  outboxMessage: (contract: IntegrationEventContract<any>, payload, cause) =>
    registry.toOutboxMessage({ topicPrefix: '' }, contract, payload, { messageId: newId(), time: new Date(), correlationId: cause.metadata.correlationId, causationId: cause.eventId }),
};

/**
 * A program's catalogue set up through its command handler (`executeCommand`) against the real PostgreSQL: events, their BadgeDefined
 * outbox rows and the read model (explicit SQL) commit together, and a redelivered ProgramCreated adds nothing.
 */
describe('badge catalogue (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    env = await createTestDataSource('rc_badges', MIGRATIONS);
    db = new Database(env.dataSource);
    store = new EventStore(db, new Projections(RECOGNITION_PROJECTIONS));
  });

  afterAll(async () => {
    await env?.close();
  });

  const setUp = (programId: string, causeId: string) =>
    db.transaction(() =>
      new SetUpBadgeCatalogHandler(store, messaging as MessagingRuntime).execute(
        new SetUpBadgeCatalogCommand(programId, '2026-11-02T10:00:00.000Z', {
          tenantId: TENANT, actor: { id: 'system:recognition' }, correlationId: causeId, causationId: causeId, idempotencyKey: causeId,
        }),
      ),
    );

  it('writes the default tiers to the read model and the outbox once, however often the program arrives', async () => {
    const cause = newId();
    await setUp('p-1', cause);
    await setUp('p-1', cause);

    const badges = await programBadges(db, TENANT, 'p-1');
    expect(badges.map((b) => b.badgeId).sort()).toEqual(['champion', 'participation', 'rising-star']);
    expect(badges.find((b) => b.badgeId === 'rising-star')).toEqual({
      badgeId: 'rising-star',
      name: 'Rising Star',
      tier: 'rising-star',
      description: expect.any(String),
      criteria: [
        { fact: 'consecutiveActiveMonths', atLeast: 3 },
        { fact: 'completedSessions', atLeast: 5 },
      ],
      definedAt: '2026-11-02T10:00:00.000Z',
    });
    const outbox = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.outbox WHERE tenant_id = $1`, [TENANT]);
    expect(outbox.rows[0].n).toBe(3);
  });

  it('lists nothing for another tenant or an unknown program', async () => {
    expect(await programBadges(db, 'globex', 'p-1')).toEqual([]);
    expect(await programBadges(db, TENANT, 'p-unknown')).toEqual([]);
  });
});
