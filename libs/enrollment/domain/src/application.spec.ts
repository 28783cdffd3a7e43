import { fold, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { applicationDecider, type ApplicationCommand, type ApplicationEvent, type ProgramFacts } from './application';

const at = '2026-11-21T10:00:00.000Z';
const program: ProgramFacts = {
  programId: 'p1',
  acceptsApplications: true,
  mentorTrainingRequired: true,
  questions: [
    { questionId: 'why', text: 'Why?', kind: 'text', required: true, choices: [], audience: 'both' },
    { questionId: 'track', text: 'Track', kind: 'choice', required: false, choices: ['tech', 'product'], audience: 'mentee' },
    { questionId: 'years', text: 'Years of experience', kind: 'number', required: true, choices: [], audience: 'mentor' },
  ],
};
const person = { userId: 'u1', employeeId: 'E1', name: 'Ada', email: 'ada@example.com', department: 'Eng', managerEmployeeId: 'E0', location: null, timeZone: 'Europe/London', languages: ['en'] };
const profile = { skillsOffered: ['kafka'], skillsSought: [], goals: [], interests: [], availabilityHoursPerMonth: 4, mentorCapacity: 2, recognitionPreferences: [], publicAcknowledgementConsent: false, attributes: {} };
const apply = (over: Partial<Extract<ApplicationCommand, { type: 'Apply' }>> = {}): ApplicationCommand => ({
  type: 'Apply', applicationId: 'a1', program, role: 'mentor', person, profile, answers: { why: 'to give back', years: 12 }, by: 'u1', at, ...over,
});

function given(events: ApplicationEvent[]) {
  return { when: (command: ApplicationCommand) => () => applicationDecider.decide(command, fold(applicationDecider, events)) };
}
const applied = given([]).when(apply())();
const approved = [...applied, ...given(applied).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at })()];
const onboarded = [...approved, ...given(approved).when({ type: 'CompleteOnboarding', by: 'pm', at })()];
const hold = (pairingId: string): ApplicationCommand => ({ type: 'HoldCapacity', pairingId, program: { mentorTrainingRequired: true }, at });

describe('application decider', () => {
  it('given an open program, when a mentor applies with valid answers, then ParticipantApplied', () => {
    expect(applied).toEqual([{ type: 'ParticipantApplied', data: expect.objectContaining({ applicationId: 'a1', programId: 'p1', role: 'mentor', answers: { why: 'to give back', years: 12 } }) }]);
  });

  it('validates answers against the questions asked of the role, naming the answer', () => {
    expect(given([]).when(apply({ answers: { years: 3 } }))).toThrow(InvalidCommandError);
    expect(given([]).when(apply({ answers: { years: 3 } }))).toThrow('"Why?" needs an answer');
    expect(given([]).when(apply({ answers: { why: 'x', years: 'many' } }))).toThrow('"Years of experience" expects a number');
    expect(given([]).when(apply({ answers: { why: 'x', years: 1, track: 'tech' } }))).toThrow('Question track is not asked of a mentor');
    expect(given([]).when(apply({ role: 'mentee', answers: { why: 'x', track: 'sales' } }))).toThrow('expects one of: tech, product');
  });

  it('refuses applications when the program does not take them', () => {
    expect(given([]).when(apply({ program: { ...program, acceptsApplications: false } }))).toThrow(IllegalStateError);
  });

  it('gives a mentee exactly one slot whatever capacity was sent', () => {
    const events = given([]).when(apply({ role: 'mentee', answers: { why: 'grow' } }))();
    expect(fold(applicationDecider, events)).toMatchObject({ profile: { mentorCapacity: 1 } });
  });

  it('walks applied → waitlisted → approved, and refuses approving a rejected one', () => {
    const waitlisted = [...applied, ...given(applied).when({ type: 'DecideApplication', decision: 'waitlisted', reason: 'full', by: 'pm', at })()];
    expect(given(waitlisted).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at })()).toHaveLength(1);
    const rejected = [...applied, ...given(applied).when({ type: 'DecideApplication', decision: 'rejected', reason: null, by: 'pm', at })()];
    expect(given(rejected).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at })).toThrow('An rejected application cannot be approved');
  });

  it('holds capacity only for approved, onboarded mentors, up to their capacity, once per pairing', () => {
    expect(given(applied).when(hold('x'))).toThrow('Ada is not approved (application applied)');
    expect(given(approved).when(hold('x'))).toThrow('has not completed mentor onboarding');
    const one = [...onboarded, ...given(onboarded).when(hold('x'))()];
    expect(given(one).when(hold('x'))()).toEqual([]);
    const two = [...one, ...given(one).when(hold('y'))()];
    expect(given(two).when(hold('z'))).toThrow('Ada has no free capacity');
    const released = [...two, ...given(two).when({ type: 'ReleaseCapacity', pairingId: 'x', at })()];
    expect(given(released).when(hold('z'))()).toHaveLength(1);
  });

  it('refuses withdrawing while a pairing holds capacity, and allows it after', () => {
    const held = [...onboarded, ...given(onboarded).when(hold('x'))()];
    expect(given(held).when({ type: 'WithdrawApplication', reason: null, by: 'u1', at })).toThrow(/before withdrawing/);
    expect(given(onboarded).when({ type: 'WithdrawApplication', reason: 'busy', by: 'u1', at })()).toEqual([
      { type: 'ApplicationWithdrawn', data: { applicationId: 'a1', programId: 'p1', from: 'approved', reason: 'busy', withdrawnBy: 'u1', withdrawnAt: at } },
    ]);
  });

  it('records consent changes only when they change, and 404s an unknown application', () => {
    expect(given(applied).when({ type: 'ChangeConsent', consent: false, by: 'u1', at })()).toEqual([]);
    expect(given(applied).when({ type: 'ChangeConsent', consent: true, by: 'u1', at })()).toHaveLength(1);
    expect(given([]).when({ type: 'ChangeConsent', consent: true, by: 'u1', at })).toThrow(NotFoundError);
  });
});
