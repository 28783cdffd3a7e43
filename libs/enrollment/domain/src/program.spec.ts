import { fold, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { programDecider, type ProgramCommand, type ProgramDefinition, type ProgramEvent, type ProgramStatus } from './program';

const definition: ProgramDefinition = {
  name: 'Engineering mentoring 2027',
  purpose: 'Grow the next tech leads',
  format: 'one-to-one',
  lifecycle: { kind: 'cohort', startsOn: '2027-01-01', endsOn: '2027-06-30' },
  capacity: { maxPairs: 40 },
  expectations: { sessionsPerMonth: 2, sessionMinutes: 45, commitmentMonths: 6 },
  objectives: [{ objectiveId: 'o1', description: 'Promotions', metric: 'promotions', target: 5 }],
  sponsor: { name: 'Dana', email: null },
  managers: ['pm-1'],
};
const at = '2026-11-21T10:00:00.000Z';
const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p1', ...definition, createdBy: 'pm-1', createdAt: at } };
const moved = (from: ProgramStatus, to: ProgramStatus): ProgramEvent =>
  ({ type: 'ProgramStatusChanged', data: { programId: 'p1', from, to, changedBy: 'pm-1', changedAt: at } });

/** given (past events) / when (command) / then (new events or an error). */
function given(events: ProgramEvent[]) {
  return {
    when: (command: ProgramCommand) => () => programDecider.decide(command, fold(programDecider, events)),
  };
}
const change = (to: ProgramStatus): ProgramCommand => ({ type: 'ChangeProgramStatus', programId: 'p1', to, by: 'pm-1', at });

describe('program decider', () => {
  it('given nothing, when a program is created, then ProgramCreated in draft', () => {
    const events = given([]).when({ type: 'CreateProgram', programId: 'p1', definition, by: 'pm-1', at })();
    expect(events).toEqual([created]);
    expect(fold(programDecider, events)).toMatchObject({ exists: true, status: 'draft', name: definition.name });
  });

  it('given a program, when it is created again, then 409 already exists', () => {
    expect(given([created]).when({ type: 'CreateProgram', programId: 'p1', definition, by: 'pm-1', at })).toThrow(IllegalStateError);
  });

  it('given nothing, when a cohort ends before it starts, then it is invalid and names the field', () => {
    const bad = { ...definition, lifecycle: { kind: 'cohort' as const, startsOn: '2027-06-01', endsOn: '2027-01-01' } };
    const attempt = given([]).when({ type: 'CreateProgram', programId: 'p1', definition: bad, by: 'pm-1', at });
    expect(attempt).toThrow(InvalidCommandError);
    expect(attempt).toThrow(/end after it starts/);
  });

  it('walks the whole lifecycle draft → open → running → closed → archived', () => {
    const history: ProgramEvent[] = [created];
    for (const [from, to] of [['draft', 'open'], ['open', 'running'], ['running', 'closed'], ['closed', 'archived']] as const) {
      expect(given(history).when(change(to))()).toEqual([moved(from, to)]);
      history.push(moved(from, to));
    }
    expect(fold(programDecider, history)).toMatchObject({ status: 'archived' });
  });

  it('given a draft, when it is started directly, then 409 saying where it can go', () => {
    expect(given([created]).when(change('running'))).toThrow('A draft program cannot become running; it can only become open');
  });

  it('given an archived program, when it is reopened, then 409 it is final', () => {
    const history = [created, moved('draft', 'open'), moved('open', 'running'), moved('running', 'closed'), moved('closed', 'archived')];
    expect(given(history).when(change('open'))).toThrow(/it is final/);
  });

  it('given an open program, when it is opened again, then nothing happens (idempotent)', () => {
    expect(given([created, moved('draft', 'open')]).when(change('open'))()).toEqual([]);
  });

  it('given nothing, when a status changes, then 404', () => {
    expect(given([]).when(change('open'))).toThrow(NotFoundError);
  });
});
