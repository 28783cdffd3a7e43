import { IllegalStateError, InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { applicationDecider, capacityOf, type ApplicationCommand, type ProgramFacts } from './application';

const at = '2026-11-21T10:00:00.000Z';
const program: ProgramFacts = { programId: 'p1', acceptsApplications: true, mentorTrainingRequired: false, questions: [] };
const person = { userId: 'u1', employeeId: 'E1', name: 'Ada', email: 'ada@example.com', department: 'Eng', managerEmployeeId: 'E0', location: null, timeZone: 'Europe/London', languages: ['en'] };
const profile = { skillsOffered: ['kafka'], skillsSought: [], goals: [], interests: [], availabilityHoursPerMonth: 4, mentorCapacity: 2, recognitionPreferences: [], publicAcknowledgementConsent: false, attributes: {} };
const apply: ApplicationCommand = { type: 'Apply', applicationId: 'a1', program, role: 'mentor', person, profile, answers: {}, by: 'u1', at };
const hold = (pairingId: string): ApplicationCommand => ({ type: 'HoldCapacity', pairingId, program: { mentorTrainingRequired: false }, at });
const edit = (changes: Extract<ApplicationCommand, { type: 'EditApplication' }>['changes']): ApplicationCommand => ({ type: 'EditApplication', changes, by: 'u1', at });

const given = deciderSpecification(applicationDecider);
const approved = given(given([]).when(apply).history()).when({ type: 'DecideApplication', decision: 'approved', reason: 'Strong Kafka skills', by: 'pm', at }).history();
const holdingTwo = given(given(approved).when(hold('x1')).history()).when(hold('x2')).history();

describe('application decider: editing my application', () => {
  it('given an approved mentor, when they raise capacity and availability, then the edit applies without a new decision', () => {
    given(approved).when(edit({ mentorCapacity: 3, availabilityHoursPerMonth: 6 })).then([
      { type: 'ApplicationEdited', data: { applicationId: 'a1', programId: 'p1', changes: { mentorCapacity: 3, availabilityHoursPerMonth: 6 }, editedBy: 'u1', editedAt: at } },
    ]);
    const state = given(approved).when(edit({ mentorCapacity: 3 })).state();
    expect(state).toMatchObject({ status: 'approved', profile: { mentorCapacity: 3 } });
    if (state.exists) expect(capacityOf(state)).toBe(3);
  });

  it('given a mentor holding two slots, when they lower capacity below that, then 409 naming the holds; down to two is fine', () => {
    given(holdingTwo).when(edit({ mentorCapacity: 1 })).thenThrows(IllegalStateError, 'You hold 2 slots');
    const lowered = given(given(holdingTwo).when(edit({ mentorCapacity: 2, availabilityHoursPerMonth: 2 })).history()).when(hold('x3'));
    lowered.thenThrows(IllegalStateError, 'no free capacity');
  });

  it('given unchanged values, when edited, then nothing happens; a mentee has no capacity to change', () => {
    given(approved).when(edit({ mentorCapacity: 2, skillsOffered: ['kafka'] })).thenNothingHappened();
    const mentee = given([]).when({ ...apply, role: 'mentee' } as ApplicationCommand).history();
    given(mentee).when(edit({ mentorCapacity: 2 })).thenThrows(InvalidCommandError, 'Only a mentor');
  });

  it('given a withdrawn application, when edited, then 409', () => {
    const withdrawn = given(approved).when({ type: 'WithdrawApplication', reason: 'moved teams', by: 'u1', at }).history();
    given(withdrawn).when(edit({ availabilityHoursPerMonth: 1 })).thenThrows(IllegalStateError, 'The application is withdrawn');
  });

  it('keeps the latest decision and its reason, for the applicant to see', () => {
    expect(given(approved).when(edit({ availabilityHoursPerMonth: 5 })).state()).toMatchObject({ decision: { status: 'approved', reason: 'Strong Kafka skills', at } });
  });
});
