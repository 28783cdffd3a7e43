export * from './badge-events';
export * from './award-events';
import { BadgeDefined } from './badge-events';
import { AwardAmended, AwardFlagged, BadgeAwarded, BadgeDefinedV2Contract, BadgeRevoked } from './award-events';

/** Every public event recognition publishes, on `mentoring.recognition.v1`: badges keyed by program, awards by person. */
export const RECOGNITION_CONTRACTS = [BadgeDefined, BadgeDefinedV2Contract, BadgeAwarded, AwardAmended, AwardFlagged, BadgeRevoked];
