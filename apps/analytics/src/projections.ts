import type { Projection } from '@tandem/event-store';
import type { IntegrationProjection } from '@tandem/platform';
import { engagementProjection } from './engagement/engagement.projection';
import { participationProjection } from './participation/participation.projection';
import { programsProjection } from './programs/programs.projection';
import { recognitionsProjection } from './recognitions/recognitions.projection';
import { rewardsProjection } from './rewards/rewards.projection';
import { roiAssumptionsProjection } from './roi/roi.projection';

/** Analytics' read models of its own streams (the ROI assumptions it keeps): applied by every append. */
export const ANALYTICS_PROJECTIONS: readonly Projection<any, any>[] = [roiAssumptionsProjection];

/** Its read models of other services' events, applied in the consumer's inbox transaction and rebuilt from the topics. */
export const ANALYTICS_INTEGRATION_PROJECTIONS: readonly IntegrationProjection[] = [programsProjection, participationProjection, engagementProjection, recognitionsProjection, rewardsProjection];
