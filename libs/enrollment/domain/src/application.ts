import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { ApplicationQuestion } from './program';

export type ParticipantRole = 'mentor' | 'mentee';
export type ApplicationStatus = 'applied' | 'approved' | 'rejected' | 'waitlisted' | 'withdrawn';

export interface Person {
  userId: string;
  employeeId: string;
  name: string;
  email: string;
  department: string | null;
  managerEmployeeId: string | null;
  location: string | null;
  timeZone: string;
  languages: string[];
}

export interface ParticipantProfile {
  skillsOffered: string[];
  skillsSought: string[];
  goals: string[];
  interests: string[];
  availabilityHoursPerMonth: number;
  /** Mentees a mentor takes at once; always 1 for a mentee (one mentorship at a time). */
  mentorCapacity: number;
  recognitionPreferences: string[];
  publicAcknowledgementConsent: boolean;
  /** Free-form attributes the matching policy's must-haves compare, e.g. `{ site: 'berlin' }`. */
  attributes: Record<string, string>;
}

/**
 * What an applicant may change without a new decision: availability, capacity and what they bring or seek.
 * Identity, role and answers stay as they were approved.
 */
export type ApplicationEdits = Partial<Pick<ParticipantProfile, 'availabilityHoursPerMonth' | 'mentorCapacity' | 'skillsOffered' | 'skillsSought' | 'goals' | 'interests'>>;

/** What the application decider needs to know about its program (loaded by the handler). */
export interface ProgramFacts {
  programId: string;
  acceptsApplications: boolean;
  questions: ApplicationQuestion[];
  mentorTrainingRequired: boolean;
}

export type ApplicationCommand =
  | {
      type: 'Apply';
      applicationId: string;
      program: ProgramFacts;
      role: ParticipantRole;
      person: Person;
      profile: ParticipantProfile;
      answers: Record<string, string | number | boolean>;
      by: string;
      at: string;
    }
  | { type: 'DecideApplication'; decision: 'approved' | 'rejected' | 'waitlisted'; reason: string | null; by: string; at: string }
  | { type: 'WithdrawApplication'; reason: string | null; by: string; at: string }
  | { type: 'CompleteOnboarding'; by: string; at: string }
  | { type: 'ChangeConsent'; consent: boolean; by: string; at: string }
  | { type: 'EditApplication'; changes: ApplicationEdits; by: string; at: string }
  | { type: 'HoldCapacity'; pairingId: string; program: Pick<ProgramFacts, 'mentorTrainingRequired'>; at: string }
  | { type: 'ReleaseCapacity'; pairingId: string; at: string };

type Base = { applicationId: string; programId: string };
export type ParticipantAppliedEvent = DomainEvent<'ParticipantApplied', Base & { role: ParticipantRole; person: Person; profile: ParticipantProfile; answers: Record<string, string | number | boolean>; appliedAt: string }>;
export type ApplicationDecidedEvent = DomainEvent<'ApplicationDecided', Base & { from: ApplicationStatus; to: 'approved' | 'rejected' | 'waitlisted'; reason: string | null; decidedBy: string; decidedAt: string }>;
export type ApplicationWithdrawnEvent = DomainEvent<'ApplicationWithdrawn', Base & { from: ApplicationStatus; reason: string | null; withdrawnBy: string; withdrawnAt: string }>;
export type OnboardingCompletedEvent = DomainEvent<'MentorOnboardingCompleted', Base & { recordedBy: string; completedAt: string }>;
export type ConsentChangedEvent = DomainEvent<'ConsentChanged', Base & { consent: boolean; changedAt: string }>;
export type ApplicationEditedEvent = DomainEvent<'ApplicationEdited', Base & { changes: ApplicationEdits; editedBy: string; editedAt: string }>;
export type CapacityHeldEvent = DomainEvent<'CapacityHeld', Base & { pairingId: string; heldAt: string }>;
export type CapacityReleasedEvent = DomainEvent<'CapacityReleased', Base & { pairingId: string; releasedAt: string }>;
export type ApplicationEvent =
  | ParticipantAppliedEvent
  | ApplicationDecidedEvent
  | ApplicationWithdrawnEvent
  | OnboardingCompletedEvent
  | ConsentChangedEvent
  | ApplicationEditedEvent
  | CapacityHeldEvent
  | CapacityReleasedEvent;

export type ApplicationState =
  | { exists: false }
  | {
      exists: true;
      applicationId: string;
      programId: string;
      role: ParticipantRole;
      person: Person;
      profile: ParticipantProfile;
      answers: Record<string, string | number | boolean>;
      status: ApplicationStatus;
      onboardingCompleted: boolean;
      /** Pairings (proposed or active) currently holding one of this participant's slots. */
      holds: string[];
      appliedAt: string;
      /** The latest decision on the application (approve, reject, waitlist, withdraw), with its reason. */
      decision: { status: ApplicationStatus; reason: string | null; at: string } | null;
    };

export const applicationStreamId = (applicationId: string) => `Application-${applicationId}`;

/** Slots a participant has: a mentor's capacity, or one for a mentee. */
export const capacityOf = (state: Extract<ApplicationState, { exists: true }>) =>
  state.role === 'mentor' ? state.profile.mentorCapacity : 1;

const DECISIONS_FROM: Record<ApplicationStatus, ApplicationStatus[]> = {
  applied: ['approved', 'rejected', 'waitlisted'],
  waitlisted: ['approved', 'rejected'],
  approved: [],
  rejected: [],
  withdrawn: [],
};

function validateAnswers(questions: ApplicationQuestion[], role: ParticipantRole, answers: Record<string, unknown>): void {
  const asked = questions.filter((q) => q.audience === 'both' || q.audience === role);
  const known = new Set(asked.map((q) => q.questionId));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) throw new InvalidCommandError(`Question ${key} is not asked of a ${role}`, 'application.unknown_question', { field: `answers.${key}` });
  }
  for (const question of asked) {
    const answer = answers[question.questionId];
    const field = `answers.${question.questionId}`;
    if (answer === undefined || answer === '') {
      if (question.required) throw new InvalidCommandError(`"${question.text}" needs an answer`, 'application.missing_answer', { field });
      continue;
    }
    const wrong = (expected: string) => new InvalidCommandError(`"${question.text}" expects ${expected}`, 'application.invalid_answer', { field });
    if (question.kind === 'number' && typeof answer !== 'number') throw wrong('a number');
    if (question.kind === 'yes-no' && typeof answer !== 'boolean') throw wrong('true or false');
    if (question.kind === 'text' && typeof answer !== 'string') throw wrong('text');
    if (question.kind === 'choice' && !question.choices.includes(String(answer))) throw wrong(`one of: ${question.choices.join(', ')}`);
  }
}

export const applicationDecider: Decider<ApplicationCommand, ApplicationEvent, ApplicationState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'Apply') {
      if (state.exists) throw new IllegalStateError('This application already exists', 'application.already_exists');
      if (!command.program.acceptsApplications) {
        throw new IllegalStateError('The program does not take applications now', 'application.program_closed');
      }
      if (command.role === 'mentor' && command.profile.mentorCapacity < 1) {
        throw new InvalidCommandError('A mentor takes at least one mentee', 'application.invalid_capacity', { field: 'mentorCapacity' });
      }
      validateAnswers(command.program.questions, command.role, command.answers);
      const profile = command.role === 'mentee' ? { ...command.profile, mentorCapacity: 1 } : command.profile;
      return [
        {
          type: 'ParticipantApplied',
          data: {
            applicationId: command.applicationId,
            programId: command.program.programId,
            role: command.role,
            person: command.person,
            profile,
            answers: command.answers,
            appliedAt: command.at,
          },
        },
      ];
    }
    if (!state.exists) throw new NotFoundError('Application not found', 'application.not_found');
    const base = { applicationId: state.applicationId, programId: state.programId };

    switch (command.type) {
      case 'DecideApplication': {
        if (state.status === command.decision) return [];
        if (!DECISIONS_FROM[state.status].includes(command.decision)) {
          throw new IllegalStateError(`An ${state.status} application cannot be ${command.decision}`, 'application.illegal_transition', {
            from: state.status,
            to: command.decision,
          });
        }
        return [{ type: 'ApplicationDecided', data: { ...base, from: state.status, to: command.decision, reason: command.reason, decidedBy: command.by, decidedAt: command.at } }];
      }
      case 'WithdrawApplication':
        if (state.status === 'withdrawn') return [];
        if (state.status === 'rejected') throw new IllegalStateError('A rejected application cannot be withdrawn', 'application.illegal_transition');
        if (state.holds.length > 0) {
          throw new IllegalStateError('End or decline the pairings of this application before withdrawing it', 'application.has_pairings', {
            pairings: state.holds,
          });
        }
        return [{ type: 'ApplicationWithdrawn', data: { ...base, from: state.status, reason: command.reason, withdrawnBy: command.by, withdrawnAt: command.at } }];
      case 'CompleteOnboarding':
        if (state.role !== 'mentor') throw new IllegalStateError('Only mentors complete onboarding training', 'application.not_mentor');
        if (state.onboardingCompleted) return [];
        if (state.status === 'withdrawn' || state.status === 'rejected') {
          throw new IllegalStateError(`The application is ${state.status}`, 'application.closed');
        }
        return [{ type: 'MentorOnboardingCompleted', data: { ...base, recordedBy: command.by, completedAt: command.at } }];
      case 'ChangeConsent':
        if (state.profile.publicAcknowledgementConsent === command.consent) return [];
        return [{ type: 'ConsentChanged', data: { ...base, consent: command.consent, changedAt: command.at } }];
      case 'EditApplication': {
        if (state.status === 'withdrawn' || state.status === 'rejected') {
          throw new IllegalStateError(`The application is ${state.status}`, 'application.closed', { status: state.status });
        }
        const changes = Object.fromEntries(
          Object.entries(command.changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(state.profile[key as keyof ApplicationEdits])),
        ) as ApplicationEdits;
        if (changes.mentorCapacity !== undefined) {
          if (state.role !== 'mentor') throw new InvalidCommandError('Only a mentor has a capacity to change', 'application.not_mentor', { field: 'mentorCapacity' });
          if (changes.mentorCapacity < 1) throw new InvalidCommandError('A mentor takes at least one mentee', 'application.invalid_capacity', { field: 'mentorCapacity' });
          if (changes.mentorCapacity < state.holds.length) {
            throw new IllegalStateError(
              `You hold ${state.holds.length} slots in proposals or mentorships; end or decline some before lowering your capacity to ${changes.mentorCapacity}`,
              'application.capacity_below_holds',
              { field: 'mentorCapacity', held: state.holds.length, pairings: state.holds },
            );
          }
        }
        if (Object.keys(changes).length === 0) return [];
        return [{ type: 'ApplicationEdited', data: { ...base, changes, editedBy: command.by, editedAt: command.at } }];
      }
      case 'HoldCapacity': {
        if (state.holds.includes(command.pairingId)) return [];
        if (state.status !== 'approved') {
          throw new IllegalStateError(`${state.person.name} is not approved (application ${state.status})`, 'application.not_approved');
        }
        if (state.role === 'mentor' && command.program.mentorTrainingRequired && !state.onboardingCompleted) {
          throw new IllegalStateError(`${state.person.name} has not completed mentor onboarding`, 'application.onboarding_required');
        }
        if (state.holds.length >= capacityOf(state)) {
          throw new IllegalStateError(`${state.person.name} has no free capacity`, 'application.capacity_exhausted', { capacity: capacityOf(state) });
        }
        return [{ type: 'CapacityHeld', data: { ...base, pairingId: command.pairingId, heldAt: command.at } }];
      }
      case 'ReleaseCapacity':
        if (!state.holds.includes(command.pairingId)) return [];
        return [{ type: 'CapacityReleased', data: { ...base, pairingId: command.pairingId, releasedAt: command.at } }];
    }
  },

  evolve(state, event) {
    if (event.type === 'ParticipantApplied') {
      const { applicationId, programId, role, person, profile, answers, appliedAt } = event.data;
      return { exists: true, applicationId, programId, role, person, profile, answers, status: 'applied', onboardingCompleted: false, holds: [], appliedAt, decision: null };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'ApplicationDecided':
        return { ...state, status: event.data.to, decision: { status: event.data.to, reason: event.data.reason, at: event.data.decidedAt } };
      case 'ApplicationWithdrawn':
        return { ...state, status: 'withdrawn', decision: { status: 'withdrawn', reason: event.data.reason, at: event.data.withdrawnAt } };
      case 'ApplicationEdited':
        return { ...state, profile: { ...state.profile, ...event.data.changes } };
      case 'MentorOnboardingCompleted':
        return { ...state, onboardingCompleted: true };
      case 'ConsentChanged':
        return { ...state, profile: { ...state.profile, publicAcknowledgementConsent: event.data.consent } };
      case 'CapacityHeld':
        return { ...state, holds: [...state.holds, event.data.pairingId] };
      case 'CapacityReleased':
        return { ...state, holds: state.holds.filter((id) => id !== event.data.pairingId) };
    }
  },
};
