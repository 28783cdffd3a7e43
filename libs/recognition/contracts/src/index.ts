export * from './badge-events';
export * from './award-events';
export * from './reward-events';
export * from './credential-events';
import { BadgeDefined } from './badge-events';
import { AwardAmended, AwardFlagged, BadgeAwarded, BadgeDefinedV2Contract, BadgeRevoked } from './award-events';
import { CREDENTIAL_CONTRACTS } from './credential-events';
import { REWARD_CONTRACTS } from './reward-events';

/** Every public event recognition publishes, on `mentoring.recognition.v1`: badges and rewards keyed by program, awards and credentials by person. */
export const RECOGNITION_CONTRACTS = [BadgeDefined, BadgeDefinedV2Contract, BadgeAwarded, AwardAmended, AwardFlagged, BadgeRevoked, ...REWARD_CONTRACTS, ...CREDENTIAL_CONTRACTS];
