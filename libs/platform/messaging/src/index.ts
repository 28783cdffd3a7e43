export * from './kafka';
export * from './contracts';
export * from './relay';
export * from './consumer';
export * from './metrics';
export * from './replay';
