export * from './badge-events';
export * from './award-events';
export * from './reward-events';
export * from './community-events';
export * from './competition-events';
export * from './credential-events';
import { BadgeDefined } from './badge-events';
import { AwardAmended, AwardFlagged, BadgeAwarded, BadgeDefinedV2Contract, BadgeDefinedV3Contract, BadgeRevoked } from './award-events';
import { COMMUNITY_CONTRACTS } from './community-events';
import { COMPETITION_CONTRACTS } from './competition-events';
import { CREDENTIAL_CONTRACTS } from './credential-events';
import { REWARD_CONTRACTS } from './reward-events';

/** Every public event recognition publishes, on `mentoring.recognition.v1`: badges, rewards, kudos and grants keyed by program, competitions by competition, awards and credentials by person. */
export const RECOGNITION_CONTRACTS = [BadgeDefined, BadgeDefinedV2Contract, BadgeDefinedV3Contract, BadgeAwarded, AwardAmended, AwardFlagged, BadgeRevoked, ...REWARD_CONTRACTS, ...COMMUNITY_CONTRACTS, ...COMPETITION_CONTRACTS, ...CREDENTIAL_CONTRACTS];
