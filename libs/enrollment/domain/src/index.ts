export * from './program';
export * from './matching';
