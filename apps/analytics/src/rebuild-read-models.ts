import { replayCommandMain } from '@tandem/platform';
import { analyticsService } from './analytics.module';

/**
 * `DATABASE_URL=… KAFKA_BROKERS=… node dist/apps/analytics/src/rebuild-read-models.js` — rebuilds every analytics read
 * model from the public event streams (one transaction; readers see the old rows until it commits). Stop analytics'
 * consumers first (scale it to zero); it refuses to run while its consumer group has members.
 */
replayCommandMain(analyticsService);
