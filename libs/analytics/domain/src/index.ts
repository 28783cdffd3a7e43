export * from './roi';
