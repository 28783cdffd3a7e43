export * from './infra';
export * from './house-style';
export * from './command-bus';
