import { projectorOf } from '@tandem/platform';
import { AwardAmended, BadgeAwarded, BadgeDefinedV2Contract, BadgeRevoked } from '@tandem/recognition-contracts';
import { badgeDefined } from '../programs/programs.projection';
import { recognitionAmended, recognitionAwarded, recognitionRevoked } from './recognitions.projection';

/** Recognition's award events into recognitions per program, tier and month. */
export const RecognitionSubscribers = [
  projectorOf(BadgeAwarded, recognitionAwarded),
  projectorOf(AwardAmended, recognitionAmended),
  projectorOf(BadgeRevoked, recognitionRevoked),
  // BadgeDefined v2 (custom badges, rule versions): the program's badge list follows it as it follows v1 (first definition kept).
  projectorOf(BadgeDefinedV2Contract, function badgeDefinedV2(tx, p) {
    const { tenantId, programId, badgeId, name, tier, description, definedAt } = p;
    return badgeDefined(tx, { tenantId, programId, badgeId, name, tier, description, criteria: [], definedAt });
  }),
];
