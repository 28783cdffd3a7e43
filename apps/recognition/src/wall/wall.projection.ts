import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { wallFeedDecider, type WallFeedEvent, type WallFeedState } from '@tandem/recognition-domain';

async function rotated(tx: Transaction, { tenantId, data }: ProjectedEvent<WallFeedEvent, WallFeedState>): Promise<void> {
  await tx.query(
    `INSERT INTO recognition.wall_feeds (tenant_id, secret_hash, rotation, rotated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, rotation = EXCLUDED.rotation, rotated_by = EXCLUDED.rotated_by, updated_at = EXCLUDED.updated_at
     WHERE recognition.wall_feeds.rotation < EXCLUDED.rotation`,
    [tenantId, data.secretHash, data.rotation, data.by, data.at],
  );
}

/** `recognition.wall_feeds`: each tenant's current feed secret (its hash) — the previous one no longer matches. */
export const wallFeedProjection = projection<WallFeedEvent, WallFeedState>({
  name: 'wall-feeds',
  category: 'WallFeed',
  decider: wallFeedDecider,
  tables: ['recognition.wall_feeds'],
  on: { FeedSecretRotated: rotated },
});
