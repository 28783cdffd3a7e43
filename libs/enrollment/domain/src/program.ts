import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';

export type ProgramStatus = 'draft' | 'open' | 'running' | 'closed' | 'archived';
export type ProgramLifecycle = { kind: 'cohort'; startsOn: string; endsOn: string } | { kind: 'evergreen' };

export interface ProgramDefinition {
  name: string;
  purpose: string;
  format: 'one-to-one';
  lifecycle: ProgramLifecycle;
  capacity: { maxPairs: number | null };
  expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths: number | null };
  objectives: { objectiveId: string; description: string; metric: string; target: number }[];
  sponsor: { name: string; email: string | null } | null;
  managers: string[];
}

// Commands
export type ProgramCommand =
  | { type: 'CreateProgram'; programId: string; definition: ProgramDefinition; by: string; at: string }
  | { type: 'ChangeProgramStatus'; programId: string; to: ProgramStatus; by: string; at: string };

// Events (stored in the program's stream)
export type ProgramCreatedEvent = DomainEvent<'ProgramCreated', { programId: string; createdBy: string; createdAt: string } & ProgramDefinition>;
export type ProgramStatusChangedEvent = DomainEvent<'ProgramStatusChanged', { programId: string; from: ProgramStatus; to: ProgramStatus; changedBy: string; changedAt: string }>;
export type ProgramEvent = ProgramCreatedEvent | ProgramStatusChangedEvent;

export type ProgramState =
  | { exists: false }
  | ({ exists: true; programId: string; status: ProgramStatus; createdBy: string; createdAt: string } & ProgramDefinition);

/** The lifecycle: each status and where it may go next. */
export const PROGRAM_TRANSITIONS: Record<ProgramStatus, ProgramStatus[]> = {
  draft: ['open'],
  open: ['running'],
  running: ['closed'],
  closed: ['archived'],
  archived: [],
};

export const programStreamId = (programId: string) => `Program-${programId}`;

function validateDefinition(definition: ProgramDefinition): void {
  const { lifecycle, objectives } = definition;
  if (lifecycle.kind === 'cohort' && lifecycle.endsOn <= lifecycle.startsOn) {
    throw new InvalidCommandError('A cohort must end after it starts', 'program.invalid_dates', { field: 'lifecycle.endsOn' });
  }
  const ids = new Set(objectives.map((o) => o.objectiveId));
  if (ids.size !== objectives.length) {
    throw new InvalidCommandError('Objective ids must be unique', 'program.duplicate_objective', { field: 'objectives' });
  }
}

export const programDecider: Decider<ProgramCommand, ProgramEvent, ProgramState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    switch (command.type) {
      case 'CreateProgram': {
        if (state.exists) throw new IllegalStateError(`Program ${command.programId} already exists`, 'program.already_exists');
        validateDefinition(command.definition);
        return [
          {
            type: 'ProgramCreated',
            data: { programId: command.programId, ...command.definition, createdBy: command.by, createdAt: command.at },
          },
        ];
      }
      case 'ChangeProgramStatus': {
        if (!state.exists) throw new NotFoundError(`Program ${command.programId} not found`, 'program.not_found');
        if (state.status === command.to) return [];
        if (!PROGRAM_TRANSITIONS[state.status].includes(command.to)) {
          const allowed = PROGRAM_TRANSITIONS[state.status];
          throw new IllegalStateError(
            `A ${state.status} program cannot become ${command.to}` +
              (allowed.length ? `; it can only become ${allowed.join(' or ')}` : '; it is final'),
            'program.illegal_transition',
            { from: state.status, to: command.to, allowed },
          );
        }
        return [
          {
            type: 'ProgramStatusChanged',
            data: { programId: command.programId, from: state.status, to: command.to, changedBy: command.by, changedAt: command.at },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProgramCreated': {
        const { programId, createdBy, createdAt, ...definition } = event.data;
        return { exists: true, programId, status: 'draft', createdBy, createdAt, ...definition };
      }
      case 'ProgramStatusChanged':
        return state.exists ? { ...state, status: event.data.to } : state;
    }
  },
};
