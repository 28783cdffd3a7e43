import { isKpiId, KPI_IDS } from '@tandem/kpi';
import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { MatchingPolicy } from './matching';

export type ProgramStatus = 'draft' | 'open' | 'running' | 'closed' | 'archived';
export type ProgramLifecycle = { kind: 'cohort'; startsOn: string; endsOn: string } | { kind: 'evergreen' };

export interface ApplicationQuestion {
  questionId: string;
  text: string;
  kind: 'text' | 'number' | 'choice' | 'yes-no';
  required: boolean;
  /** For `choice`: the allowed answers. */
  choices: string[];
  /** Who is asked: mentors, mentees or both. */
  audience: 'mentor' | 'mentee' | 'both';
}

/** How a program's cohort is matched (see ./matching for the algorithm). */
export interface ProgramMatchingPolicy extends MatchingPolicy {
  /** Days a proposal or mentee request stays open before it expires and frees the capacity it holds. */
  proposalTtlDays: number;
}

export const DEFAULT_MATCHING_POLICY: ProgramMatchingPolicy = {
  objective: 'most-participation',
  minimumScore: 20,
  weights: { skills: 4, goals: 2, interests: 1, language: 1, timeZone: 1, crossDepartment: 1 },
  mustHaves: [],
  maxTimeZoneDifferenceHours: 6,
  proposalTtlDays: 14,
};

export interface ProgramDefinition {
  name: string;
  purpose: string;
  format: 'one-to-one';
  lifecycle: ProgramLifecycle;
  capacity: { maxPairs: number | null };
  expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths: number | null };
  /** On a metric of the KPI vocabulary (`@tandem/kpi`, docs/kpis.md), due `horizonMonths` after the program's start. */
  objectives: { objectiveId: string; description: string; metric: string; target: number; horizonMonths?: number }[];
  sponsor: { name: string; email: string | null } | null;
  managers: string[];
  applicationQuestions: ApplicationQuestion[];
  matchingPolicy: ProgramMatchingPolicy;
  /** Mentors must complete onboarding training before they are matched. */
  mentorTrainingRequired: boolean;
}

// Commands
export type ProgramCommand =
  | { type: 'CreateProgram'; programId: string; definition: ProgramDefinition; by: string; at: string }
  | { type: 'ChangeProgramStatus'; programId: string; to: ProgramStatus; by: string; at: string }
  /** Without `managers` in the definition, a revision keeps the current ones. */
  | { type: 'ReviseProgram'; programId: string; definition: RevisedDefinition; by: string; at: string }
  | { type: 'ChangeProgramManagers'; programId: string; managers: string[]; by: string; at: string };

export type RevisedDefinition = Omit<ProgramDefinition, 'managers'> & { managers?: string[] };

// Events (stored in the program's stream)
export type ProgramCreatedEvent = DomainEvent<'ProgramCreated', { programId: string; createdBy: string; createdAt: string } & ProgramDefinition>;
export type ProgramStatusChangedEvent = DomainEvent<'ProgramStatusChanged', { programId: string; from: ProgramStatus; to: ProgramStatus; changedBy: string; changedAt: string }>;
export type ProgramRevisedEvent = DomainEvent<'ProgramRevised', { programId: string; revisedBy: string; revisedAt: string } & ProgramDefinition>;
export type ProgramManagersChangedEvent = DomainEvent<'ProgramManagersChanged', { programId: string; managers: string[]; changedBy: string; changedAt: string }>;
export type ProgramEvent = ProgramCreatedEvent | ProgramStatusChangedEvent | ProgramRevisedEvent | ProgramManagersChangedEvent;

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
  const { lifecycle, objectives, applicationQuestions, matchingPolicy } = definition;
  if (lifecycle.kind === 'cohort' && lifecycle.endsOn <= lifecycle.startsOn) {
    throw new InvalidCommandError('A cohort must end after it starts', 'program.invalid_dates', { field: 'lifecycle.endsOn' });
  }
  for (const [index, objective] of objectives.entries()) {
    if (!isKpiId(objective.metric)) {
      throw new InvalidCommandError(`Unknown metric "${objective.metric}": an objective measures one of ${KPI_IDS.join(', ')}`, 'program.unknown_metric', {
        field: `objectives.${index}.metric`,
      });
    }
    const horizon = objective.horizonMonths;
    if (horizon !== undefined && (!Number.isInteger(horizon) || horizon < 1 || horizon > 60)) {
      throw new InvalidCommandError('An objective’s horizon is a whole number of months from 1 to 60', 'program.invalid_horizon', { field: `objectives.${index}.horizonMonths` });
    }
  }
  const ids = new Set(objectives.map((o) => o.objectiveId));
  if (ids.size !== objectives.length) {
    throw new InvalidCommandError('Objective ids must be unique', 'program.duplicate_objective', { field: 'objectives' });
  }
  for (const [index, question] of applicationQuestions.entries()) {
    if (question.kind === 'choice' && question.choices.length < 2) {
      throw new InvalidCommandError('A choice question needs at least two choices', 'program.invalid_question', {
        field: `applicationQuestions.${index}.choices`,
      });
    }
  }
  if (new Set(applicationQuestions.map((q) => q.questionId)).size !== applicationQuestions.length) {
    throw new InvalidCommandError('Question ids must be unique', 'program.duplicate_question', { field: 'applicationQuestions' });
  }
  if (!Object.values(matchingPolicy.weights).some((w) => w > 0)) {
    throw new InvalidCommandError('At least one matching weight must be positive', 'program.invalid_weights', { field: 'matchingPolicy.weights' });
  }
}

/** The managers list as stored: each user id once, in the order given; never empty (nobody could manage it). */
function normalizeManagers(managers: readonly string[]): string[] {
  const unique = [...new Set(managers)];
  if (unique.length === 0) throw new InvalidCommandError('A program needs at least one manager', 'program.no_managers', { field: 'managers' });
  return unique;
}

const sameManagers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((m) => b.includes(m));

/** Whether the program takes applications now: open, or running when it is evergreen (always on). */
export function acceptsApplications(state: ProgramState): boolean {
  return state.exists && (state.status === 'open' || (state.status === 'running' && state.lifecycle.kind === 'evergreen'));
}

export const programDecider: Decider<ProgramCommand, ProgramEvent, ProgramState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    switch (command.type) {
      case 'CreateProgram': {
        if (state.exists) throw new IllegalStateError(`Program ${command.programId} already exists`, 'program.already_exists');
        validateDefinition(command.definition);
        const managers = normalizeManagers(command.definition.managers);
        return [
          {
            type: 'ProgramCreated',
            data: { programId: command.programId, ...command.definition, managers, createdBy: command.by, createdAt: command.at },
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
      case 'ReviseProgram': {
        if (!state.exists) throw new NotFoundError(`Program ${command.programId} not found`, 'program.not_found');
        if (state.status !== 'draft') {
          throw new IllegalStateError(`Only a draft can be edited; this program is ${state.status}`, 'program.not_draft', { status: state.status });
        }
        const managers = command.definition.managers ? normalizeManagers(command.definition.managers) : state.managers;
        const definition: ProgramDefinition = { ...command.definition, managers };
        validateDefinition(definition);
        const revised: ProgramEvent = { type: 'ProgramRevised', data: { programId: command.programId, ...definition, revisedBy: command.by, revisedAt: command.at } };
        if (sameManagers(managers, state.managers)) return [revised];
        return [revised, { type: 'ProgramManagersChanged', data: { programId: command.programId, managers, changedBy: command.by, changedAt: command.at } }];
      }
      case 'ChangeProgramManagers': {
        if (!state.exists) throw new NotFoundError(`Program ${command.programId} not found`, 'program.not_found');
        // Any status: an archived program's data still needs someone to answer for it.
        const managers = normalizeManagers(command.managers);
        if (sameManagers(managers, state.managers)) return [];
        return [{ type: 'ProgramManagersChanged', data: { programId: command.programId, managers, changedBy: command.by, changedAt: command.at } }];
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
      case 'ProgramRevised': {
        if (!state.exists) return state;
        const { programId: _id, revisedBy: _by, revisedAt: _at, ...definition } = event.data;
        return { ...state, ...definition };
      }
      case 'ProgramManagersChanged':
        return state.exists ? { ...state, managers: event.data.managers } : state;
    }
  },
};
