import { rebuildCommandMain } from '@tandem/event-store';
import { RECOGNITION_PROJECTIONS } from './projections';

/**
 * `DATABASE_URL=… node dist/apps/recognition/src/rebuild-read-models.js` — replays recognition's event store into its
 * inline read models (one transaction). The program read model (enrollment's events) is not in its event store and
 * is left as it is.
 */
rebuildCommandMain('recognition', RECOGNITION_PROJECTIONS);
