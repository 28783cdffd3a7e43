import type { IntegrationProjection } from '@tandem/platform';
import { engagementProjection } from './engagement/engagement.projection';
import { participationProjection } from './participation/participation.projection';
import { programsProjection } from './programs/programs.projection';
import { recognitionsProjection } from './recognitions/recognitions.projection';

/** Analytics' read models: every one a projection of other services' events, applied in the consumer's inbox transaction. */
export const ANALYTICS_PROJECTIONS: readonly IntegrationProjection[] = [programsProjection, participationProjection, engagementProjection, recognitionsProjection];
