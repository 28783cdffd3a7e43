export * from './program';
export * from './application';
export * from './pairing';
export * from './matching';
export * from './matching-run';
export * from './pairing-history';
