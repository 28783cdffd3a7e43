export * from './types';
export { buildOrgChart, normalizeToken, SCORE_SCALE } from './cohort';
export { matchCohort, explainPair } from './matcher';
export { greedyMatch } from './greedy';
export { inputFingerprint, canonicalMatchingInput } from './fingerprint';
