import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { applicationDecider, type ApplicationCommand, type ProgramFacts } from './application';

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

const given = deciderSpecification(applicationDecider);
const applied = given([]).when(apply()).events();
const approved = given(applied).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at }).history();
const onboarded = given(approved).when({ type: 'CompleteOnboarding', by: 'pm', at }).history();
const hold = (pairingId: string): ApplicationCommand => ({ type: 'HoldCapacity', pairingId, program: { mentorTrainingRequired: true }, at });

describe('application decider', () => {
  it('given an open program, when a mentor applies with valid answers, then ParticipantApplied', () => {
    expect(applied).toEqual([{ type: 'ParticipantApplied', data: expect.objectContaining({ applicationId: 'a1', programId: 'p1', role: 'mentor', answers: { why: 'to give back', years: 12 } }) }]);
  });

  it('validates answers against the questions asked of the role, naming the answer', () => {
    given([]).when(apply({ answers: { years: 3 } })).thenThrows(InvalidCommandError, '"Why?" needs an answer');
    given([]).when(apply({ answers: { why: 'x', years: 'many' } })).thenThrows(InvalidCommandError, '"Years of experience" expects a number');
    given([]).when(apply({ answers: { why: 'x', years: 1, track: 'tech' } })).thenThrows(InvalidCommandError, 'Question track is not asked of a mentor');
    given([]).when(apply({ role: 'mentee', answers: { why: 'x', track: 'sales' } })).thenThrows(InvalidCommandError, 'expects one of: tech, product');
  });

  it('refuses applications when the program does not take them', () => {
    given([]).when(apply({ program: { ...program, acceptsApplications: false } })).thenThrows(IllegalStateError);
  });

  it('gives a mentee exactly one slot whatever capacity was sent', () => {
    expect(given([]).when(apply({ role: 'mentee', answers: { why: 'grow' } })).state()).toMatchObject({ profile: { mentorCapacity: 1 } });
  });

  it('walks applied → waitlisted → approved, and refuses approving a rejected one', () => {
    const waitlisted = given(applied).when({ type: 'DecideApplication', decision: 'waitlisted', reason: 'full', by: 'pm', at }).history();
    expect(given(waitlisted).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at }).events()).toHaveLength(1);
    const rejected = given(applied).when({ type: 'DecideApplication', decision: 'rejected', reason: null, by: 'pm', at }).history();
    given(rejected).when({ type: 'DecideApplication', decision: 'approved', reason: null, by: 'pm', at }).thenThrows(IllegalStateError, 'An rejected application cannot be approved');
  });

  it('holds capacity only for approved, onboarded mentors, up to their capacity, once per pairing', () => {
    given(applied).when(hold('x')).thenThrows(IllegalStateError, 'Ada is not approved (application applied)');
    given(approved).when(hold('x')).thenThrows(IllegalStateError, 'has not completed mentor onboarding');
    const one = given(onboarded).when(hold('x')).history();
    given(one).when(hold('x')).thenNothingHappened();
    const two = given(one).when(hold('y')).history();
    given(two).when(hold('z')).thenThrows(IllegalStateError, 'Ada has no free capacity');
    const released = given(two).when({ type: 'ReleaseCapacity', pairingId: 'x', at }).history();
    expect(given(released).when(hold('z')).events()).toHaveLength(1);
  });

  it('refuses withdrawing while a pairing holds capacity, and allows it after', () => {
    const held = given(onboarded).when(hold('x')).history();
    given(held).when({ type: 'WithdrawApplication', reason: null, by: 'u1', at }).thenThrows(IllegalStateError, /before withdrawing/);
    given(onboarded).when({ type: 'WithdrawApplication', reason: 'busy', by: 'u1', at }).then([
      { type: 'ApplicationWithdrawn', data: { applicationId: 'a1', programId: 'p1', from: 'approved', reason: 'busy', withdrawnBy: 'u1', withdrawnAt: at } },
    ]);
  });

  it('records consent changes only when they change, and 404s an unknown application', () => {
    given(applied).when({ type: 'ChangeConsent', consent: false, by: 'u1', at }).thenNothingHappened();
    expect(given(applied).when({ type: 'ChangeConsent', consent: true, by: 'u1', at }).events()).toHaveLength(1);
    given([]).when({ type: 'ChangeConsent', consent: true, by: 'u1', at }).thenThrows(NotFoundError);
  });
});
