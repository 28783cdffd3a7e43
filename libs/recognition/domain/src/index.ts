export * from './badge-catalog';
