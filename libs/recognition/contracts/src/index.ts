export * from './badge-events';
import { BadgeDefined } from './badge-events';

export const RECOGNITION_CONTRACTS = [BadgeDefined];
