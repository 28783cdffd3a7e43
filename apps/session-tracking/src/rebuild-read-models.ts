import { rebuildCommandMain } from '@tandem/event-store';
import { SESSION_TRACKING_PROJECTIONS } from './projections';

/**
 * `DATABASE_URL=… node dist/apps/session-tracking/src/rebuild-read-models.js` — replays session tracking's event store
 * into its inline read models (one transaction; readers see the old rows until it commits). The read models of
 * enrollment's events (pairings, program policies) are not in its event store and are left as they are.
 */
rebuildCommandMain('session-tracking', SESSION_TRACKING_PROJECTIONS);
