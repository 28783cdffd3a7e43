import { NotFoundError } from '@tandem/kernel';
import type { ProgramState } from '@tandem/enrollment-domain';
import type { ProgramView } from './program.dto';

export function toProgramView(state: ProgramState, version: number): ProgramView {
  if (!state.exists) throw new NotFoundError('Program not found', 'program.not_found');
  const { exists: _exists, capacity, ...rest } = state;
  return { ...rest, maxPairs: capacity.maxPairs, version };
}
