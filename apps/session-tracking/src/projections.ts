import type { Projection } from '@tandem/event-store';
import type { IntegrationProjection } from '@tandem/platform';
import { engagementHealthProjection } from './engagement-health/engagement-health.projection';
import { goalsProjection } from './goals/goals.projection';
import { pairingsProjection } from './pairings/pairings.projection';
import { programPoliciesProjection } from './program-policies/program-policies.projection';
import { outcomesProjection } from './outcomes/outcomes.projection';
import { pulseProjection } from './pulse/pulse.projection';
import { roadmapsProjection } from './roadmaps/roadmaps.projection';
import { sessionsProjection } from './sessions/sessions.projection';
import { trainingHoursProjection } from './training-hours/training-hours.projection';

/** Session tracking's inline read models: applied by every append, replayed by `rebuild-read-models`. */
export const SESSION_TRACKING_PROJECTIONS: readonly Projection<any, any>[] = [
  sessionsProjection,
  goalsProjection,
  roadmapsProjection,
  outcomesProjection,
  pulseProjection,
  trainingHoursProjection,
  engagementHealthProjection,
];

/** Its read models of enrollment's events, applied in the consumer's inbox transaction. */
export const SESSION_TRACKING_INTEGRATION_PROJECTIONS: readonly IntegrationProjection[] = [programPoliciesProjection, pairingsProjection];
