export * from './infra';
export * from './house-style';
