export * from './types';
export { buildOrgChart, normalizeToken } from './canonical-input';
export { SCORE_SCALE } from './score-scale';
export { matchCohort, explainPair } from './matcher';
export { greedyMatch } from './greedy';
export { inputFingerprint, canonicalMatchingInput } from './fingerprint';
export { tzDistanceMinutes, workingHoursOverlapMinutes } from './time-zones';
