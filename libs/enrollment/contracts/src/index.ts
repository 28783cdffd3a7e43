export * from './program-events';
import { ProgramCreated, ProgramStatusChanged } from './program-events';

/** Every public event enrollment publishes (the JSON Schemas are exported by `npm run contracts`). */
export const ENROLLMENT_CONTRACTS = [ProgramCreated, ProgramStatusChanged];
