import { rebuildCommandMain } from '@tandem/event-store';
import { ENROLLMENT_PROJECTIONS } from './projections';

/**
 * `DATABASE_URL=… node dist/apps/enrollment/src/rebuild-read-models.js` — replays enrollment's event store into its
 * read models (programs, applications, matching runs, pairings) in one transaction: readers see the old rows until
 * the new ones commit.
 */
rebuildCommandMain('enrollment', ENROLLMENT_PROJECTIONS);
