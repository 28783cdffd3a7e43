import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import { projectorOf } from '@tandem/platform';
import { BadgeDefined } from '@tandem/recognition-contracts';
import { badgeDefined, programCreated, programManagersChanged, programStatusChanged } from './programs.projection';

/** Programs from enrollment and their badges from recognition, into analytics' program read model. */
export const ProgramSubscribers = [
  projectorOf(ProgramCreated, programCreated),
  projectorOf(ProgramStatusChanged, programStatusChanged),
  projectorOf(ProgramManagersChanged, programManagersChanged),
  projectorOf(BadgeDefined, badgeDefined),
];
