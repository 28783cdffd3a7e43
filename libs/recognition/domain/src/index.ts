export * from './badge-catalog';
export * from './badge-rules';
export * from './rule-evaluation';
export * from './badge-definition';
export * from './award';
export * from './fact-selection';
