import { rebuildCommandMain } from '@tandem/event-store';
import { RECOGNITION_PROJECTIONS } from './projections';

/**
 * `DATABASE_URL=… node dist/apps/recognition/src/rebuild-read-models.js` — replays recognition's event store into its
 * inline read models (one transaction): the badge catalogue, the badge rules and the awards. The program read model
 * (enrollment's events) and the facts (session tracking's events) are not in its event store and are left as they are.
 */
rebuildCommandMain('recognition', RECOGNITION_PROJECTIONS);
