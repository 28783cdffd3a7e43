export * from './catalog';
export * from './asyncapi';
