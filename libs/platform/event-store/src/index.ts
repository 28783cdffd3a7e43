export * from './database';
export * from './errors';
export * from './ids';
export * from './commit-order';
export * from './event-store';
export * from './command';
export * from './schema';
