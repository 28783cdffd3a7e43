export * from './common';
export * from './session';
export * from './training-hours';
export * from './engagement-health';
export * from './pulse';
export * from './roadmap';
export * from './goals';
export * from './outcome';
