import type { Projection } from '@tandem/event-store';
import { awardsProjection } from './awards/awards.projection';
import { badgeRulesProjection } from './badge-rules/badge-rules.projection';
import { badgesProjection } from './badges/badges.projection';

/** Recognition's inline read models: applied by every append, replayed by `rebuild-read-models`. */
export const RECOGNITION_PROJECTIONS: readonly Projection<any, any>[] = [badgesProjection, badgeRulesProjection, awardsProjection];
