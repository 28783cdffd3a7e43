import type { Projection } from '@tandem/event-store';
import type { IntegrationProjection } from '@tandem/platform';
import { awardsProjection } from './awards/awards.projection';
import { badgeRulesProjection } from './badge-rules/badge-rules.projection';
import { badgesProjection } from './badges/badges.projection';
import { credentialsProjection } from './credentials/credentials.projection';
import { competitionsProjection } from './competitions/competitions.projection';
import { grantsProjection } from './grants/grants.projection';
import { kudosProjection } from './kudos/kudos.projection';
import { wallFeedProjection } from './wall/wall.projection';
import { pairingsProjection } from './pairings/pairings.projection';
import { participantsProjection } from './participants/participants.projection';
import { programsProjection } from './programs/programs.projection';
import { rewardBudgetsProjection } from './reward-budgets/reward-budgets.projection';
import { rewardRequestsProjection } from './reward-requests/reward-requests.projection';
import { rewardsProjection } from './rewards/rewards.projection';

/** Recognition's inline read models: applied by every append, replayed by `rebuild-read-models`. */
export const RECOGNITION_PROJECTIONS: readonly Projection<any, any>[] = [
  badgesProjection,
  badgeRulesProjection,
  awardsProjection,
  rewardsProjection,
  rewardBudgetsProjection,
  rewardRequestsProjection,
  credentialsProjection,
  kudosProjection,
  grantsProjection,
  wallFeedProjection,
  competitionsProjection,
];

/** Its read models of other services' events, applied in the consumer's inbox transaction (the facts are recorded by the activity subscribers, which also run the award policy). */
export const RECOGNITION_INTEGRATION_PROJECTIONS: readonly IntegrationProjection[] = [programsProjection, participantsProjection, pairingsProjection];
