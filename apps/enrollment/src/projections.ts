import type { Projection } from '@tandem/event-store';
import { applicationsProjection } from './applications/applications.projection';
import { matchingRunsProjection } from './matching/matching.projection';
import { pairingsProjection } from './pairings/pairings.projection';
import { programsProjection } from './programs/programs.projection';

/** Enrollment's inline read models: applied by every append, replayed by `rebuild-read-models`. */
export const ENROLLMENT_PROJECTIONS: readonly Projection<any, any>[] = [programsProjection, applicationsProjection, matchingRunsProjection, pairingsProjection];
