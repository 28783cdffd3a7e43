import { fold, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { DEFAULT_MATCHING_POLICY, programDecider, type ProgramCommand, type ProgramDefinition, type ProgramEvent, type ProgramStatus } from './program';

const definition: ProgramDefinition = {
  name: 'Engineering mentoring 2027',
  purpose: 'Grow the next tech leads',
  format: 'one-to-one',
  lifecycle: { kind: 'cohort', startsOn: '2027-01-01', endsOn: '2027-06-30' },
  capacity: { maxPairs: 40 },
  expectations: { sessionsPerMonth: 2, sessionMinutes: 45, commitmentMonths: 6 },
  objectives: [{ objectiveId: 'o1', description: 'Promotions', metric: 'verified-promotions', target: 5, horizonMonths: 12 }],
  sponsor: { name: 'Dana', email: null },
  managers: ['pm-1'],
  applicationQuestions: [{ questionId: 'q1', text: 'Why?', kind: 'text', required: true, choices: [], audience: 'both' }],
  matchingPolicy: DEFAULT_MATCHING_POLICY,
  mentorTrainingRequired: true,
};
const at = '2026-11-21T10:00:00.000Z';
const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p1', ...definition, createdBy: 'pm-1', createdAt: at } };
const moved = (from: ProgramStatus, to: ProgramStatus): ProgramEvent =>
  ({ type: 'ProgramStatusChanged', data: { programId: 'p1', from, to, changedBy: 'pm-1', changedAt: at } });

const given = deciderSpecification(programDecider);
const change = (to: ProgramStatus): ProgramCommand => ({ type: 'ChangeProgramStatus', programId: 'p1', to, by: 'pm-1', at });

describe('program decider', () => {
  it('given nothing, when a program is created, then ProgramCreated in draft', () => {
    const creation = given([]).when({ type: 'CreateProgram', programId: 'p1', definition, by: 'pm-1', at });
    creation.then([created]);
    expect(creation.state()).toMatchObject({ exists: true, status: 'draft', name: definition.name });
  });

  it('given a program, when it is created again, then 409 already exists', () => {
    given([created]).when({ type: 'CreateProgram', programId: 'p1', definition, by: 'pm-1', at }).thenThrows(IllegalStateError);
  });

  it('given nothing, when a cohort ends before it starts, then it is invalid and names the field', () => {
    const bad = { ...definition, lifecycle: { kind: 'cohort' as const, startsOn: '2027-06-01', endsOn: '2027-01-01' } };
    given([]).when({ type: 'CreateProgram', programId: 'p1', definition: bad, by: 'pm-1', at }).thenThrows(InvalidCommandError, /end after it starts/);
  });

  it('given nothing, when an objective measures something outside the KPI vocabulary or has no sensible horizon, then it is invalid', () => {
    const unknown = { ...definition, objectives: [{ objectiveId: 'o1', description: 'x', metric: 'mentee promotions', target: 3 }] };
    given([]).when({ type: 'CreateProgram', programId: 'p1', definition: unknown, by: 'pm-1', at }).thenThrows(InvalidCommandError, /Unknown metric "mentee promotions"/);
    const horizon = { ...definition, objectives: [{ objectiveId: 'o1', description: 'x', metric: 'sessions', target: 3, horizonMonths: 0 }] };
    given([]).when({ type: 'CreateProgram', programId: 'p1', definition: horizon, by: 'pm-1', at }).thenThrows(InvalidCommandError, /horizon/);
  });

  it('walks the whole lifecycle draft → open → running → closed → archived', () => {
    const history: ProgramEvent[] = [created];
    for (const [from, to] of [['draft', 'open'], ['open', 'running'], ['running', 'closed'], ['closed', 'archived']] as const) {
      given(history).when(change(to)).then([moved(from, to)]);
      history.push(moved(from, to));
    }
    expect(fold(programDecider, history)).toMatchObject({ status: 'archived' });
  });

  it('given a draft, when it is started directly, then 409 saying where it can go', () => {
    given([created]).when(change('running')).thenThrows(IllegalStateError, 'A draft program cannot become running; it can only become open');
  });

  it('given an archived program, when it is reopened, then 409 it is final', () => {
    const history = [created, moved('draft', 'open'), moved('open', 'running'), moved('running', 'closed'), moved('closed', 'archived')];
    given(history).when(change('open')).thenThrows(IllegalStateError, /it is final/);
  });

  it('given an open program, when it is opened again, then nothing happens (idempotent)', () => {
    given([created, moved('draft', 'open')]).when(change('open')).thenNothingHappened();
  });

  it('given a draft, when it is revised, then ProgramRevised and the new definition applies', () => {
    const revised = { ...definition, name: 'Renamed' };
    const revision = given([created]).when({ type: 'ReviseProgram', programId: 'p1', definition: revised, by: 'pm-1', at });
    revision.then([{ type: 'ProgramRevised', data: { programId: 'p1', ...revised, revisedBy: 'pm-1', revisedAt: at } }]);
    expect(revision.state()).toMatchObject({ name: 'Renamed', status: 'draft' });
  });

  it('given an open program, when it is revised, then 409 only drafts can be edited', () => {
    given([created, moved('draft', 'open')])
      .when({ type: 'ReviseProgram', programId: 'p1', definition, by: 'pm-1', at })
      .thenThrows(IllegalStateError, 'Only a draft can be edited; this program is open');
  });

  it('refuses a choice question without choices and all-zero matching weights, naming the field', () => {
    const badQuestion = { ...definition, applicationQuestions: [{ ...definition.applicationQuestions[0], kind: 'choice' as const }] };
    given([]).when({ type: 'CreateProgram', programId: 'p1', definition: badQuestion, by: 'pm-1', at }).thenThrows(InvalidCommandError, /two choices/);
    const zero = { ...definition, matchingPolicy: { ...DEFAULT_MATCHING_POLICY, weights: { skills: 0, goals: 0, interests: 0, language: 0, timeZone: 0, crossDepartment: 0 } } };
    given([]).when({ type: 'CreateProgram', programId: 'p1', definition: zero, by: 'pm-1', at }).thenThrows(InvalidCommandError, /weight must be positive/);
  });

  it('given nothing, when a status changes, then 404', () => {
    given([]).when(change('open')).thenThrows(NotFoundError);
  });

  describe('managers', () => {
    const changeManagers = (managers: string[], by = 'pm-1'): ProgramCommand => ({ type: 'ChangeProgramManagers', programId: 'p1', managers, by, at });
    const managersChanged = (managers: string[], by = 'pm-1'): ProgramEvent => ({ type: 'ProgramManagersChanged', data: { programId: 'p1', managers, changedBy: by, changedAt: at } });
    const archived = [created, moved('draft', 'open'), moved('open', 'running'), moved('running', 'closed'), moved('closed', 'archived')];

    it('given a program, when its managers change, then ProgramManagersChanged with the list deduplicated in order', () => {
      const change = given([created]).when(changeManagers(['pm-2', 'pm-1', 'pm-2']));
      change.then([managersChanged(['pm-2', 'pm-1'])]);
      expect(change.state()).toMatchObject({ managers: ['pm-2', 'pm-1'] });
    });

    it('given an archived program, when its managers change, then they change (any status)', () => {
      given(archived).when(changeManagers(['pm-3'], 'admin-1')).then([managersChanged(['pm-3'], 'admin-1')]);
    });

    it('given a program, when the same managers are set in another order, then nothing happens (idempotent)', () => {
      const history = [created, managersChanged(['pm-1', 'pm-2'])];
      given(history).when(changeManagers(['pm-2', 'pm-1', 'pm-1'])).thenNothingHappened();
    });

    it('given a program, when the managers list is emptied, then it is invalid and names the field', () => {
      given([created]).when(changeManagers([])).thenThrows(InvalidCommandError, 'A program needs at least one manager');
    });

    it('given nothing, when managers change, then 404', () => {
      given([]).when(changeManagers(['pm-1'])).thenThrows(NotFoundError);
    });

    it('given a program, when it is created with duplicate managers, then they are stored once', () => {
      const events = given([]).when({ type: 'CreateProgram', programId: 'p1', definition: { ...definition, managers: ['pm-1', 'pm-1'] }, by: 'pm-1', at }).events();
      expect(events[0].data).toMatchObject({ managers: ['pm-1'] });
    });

    it('given a draft with two managers, when it is revised without managers, then they are kept', () => {
      const { managers: _m, ...withoutManagers } = definition;
      const history = [created, managersChanged(['pm-1', 'pm-2'])];
      given(history)
        .when({ type: 'ReviseProgram', programId: 'p1', definition: { ...withoutManagers, name: 'Renamed' }, by: 'pm-2', at })
        .then([{ type: 'ProgramRevised', data: { programId: 'p1', ...definition, name: 'Renamed', managers: ['pm-1', 'pm-2'], revisedBy: 'pm-2', revisedAt: at } }]);
    });

    it('given a draft, when a revision names other managers, then ProgramRevised and ProgramManagersChanged', () => {
      const events = given([created]).when({ type: 'ReviseProgram', programId: 'p1', definition: { ...definition, managers: ['pm-1', 'pm-4'] }, by: 'pm-1', at }).events();
      expect(events.map((e) => e.type)).toEqual(['ProgramRevised', 'ProgramManagersChanged']);
      expect(events[1]).toEqual(managersChanged(['pm-1', 'pm-4']));
    });
  });
});
