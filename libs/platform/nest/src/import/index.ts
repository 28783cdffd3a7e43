export * from './import-format';
export * from './import-stream';
export * from './import-run';
export * from './import-http';
export * from './import-client';
