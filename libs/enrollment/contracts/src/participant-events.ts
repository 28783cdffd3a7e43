import { defineContract } from '@tandem/kernel';
import { ENROLLMENT_TOPIC } from './program-events';

export const PARTICIPANT_ROLES = ['mentor', 'mentee'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const APPLICATION_STATUSES = ['applied', 'approved', 'rejected', 'waitlisted', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

/** The person behind an application, as HR systems know them. */
export interface PersonV1 {
  /** The person's identity-provider subject (JWT `sub`): how the other services recognise them. */
  userId: string;
  employeeId: string;
  name: string;
  email: string;
  department: string | null;
  managerEmployeeId: string | null;
  location: string | null;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone: string;
  languages: string[];
}

const person = {
  type: 'object',
  required: ['userId', 'employeeId', 'name', 'email', 'department', 'managerEmployeeId', 'location', 'timeZone', 'languages'],
  properties: {
    userId: id,
    employeeId: id,
    name: { type: 'string', minLength: 1 },
    email: { type: 'string', format: 'email' },
    department: { type: ['string', 'null'] },
    managerEmployeeId: { type: ['string', 'null'] },
    location: { type: ['string', 'null'] },
    timeZone: { type: 'string', minLength: 1 },
    languages: strings,
  },
} as const;

export interface ParticipantAppliedV1 {
  tenantId: string;
  programId: string;
  applicationId: string;
  role: ParticipantRole;
  person: PersonV1;
  skillsOffered: string[];
  skillsSought: string[];
  goals: string[];
  interests: string[];
  availabilityHoursPerMonth: number;
  /** Mentees a mentor takes at once (1 for mentees). */
  mentorCapacity: number;
  /** Reward types the person values, e.g. `training`, `conference`, `public-recognition`. */
  recognitionPreferences: string[];
  publicAcknowledgementConsent: boolean;
  appliedAt: string;
}

export const ParticipantApplied = defineContract<ParticipantAppliedV1>({
  context: 'enrollment',
  name: 'ParticipantApplied',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    applicationId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    role: 'mentor',
    person: {
      userId: 'auth0|mentor-ada',
      employeeId: 'E-10442',
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      department: 'Engineering',
      managerEmployeeId: 'E-10001',
      location: 'London',
      timeZone: 'Europe/London',
      languages: [
        'en',
        'fr'
      ]
    },
    skillsOffered: [
      'system design',
      'public speaking'
    ],
    skillsSought: [],
    goals: [
      'grow future leads'
    ],
    interests: [
      'cycling'
    ],
    availabilityHoursPerMonth: 4,
    mentorCapacity: 2,
    recognitionPreferences: [
      'public-recognition'
    ],
    publicAcknowledgementConsent: true,
    appliedAt: '2026-11-12T11:20:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/applications/${p.applicationId}`,
  schema: {
    description: 'A person applied to a program as mentor or mentee (status applied).',
    type: 'object',
    required: ['tenantId', 'programId', 'applicationId', 'role', 'person', 'skillsOffered', 'skillsSought', 'goals', 'interests',
      'availabilityHoursPerMonth', 'mentorCapacity', 'recognitionPreferences', 'publicAcknowledgementConsent', 'appliedAt'],
    properties: {
      tenantId: id,
      programId: id,
      applicationId: id,
      role: { enum: [...PARTICIPANT_ROLES] },
      person,
      skillsOffered: strings,
      skillsSought: strings,
      goals: strings,
      interests: strings,
      availabilityHoursPerMonth: { type: 'number', minimum: 0 },
      mentorCapacity: { type: 'integer', minimum: 0 },
      recognitionPreferences: strings,
      publicAcknowledgementConsent: { type: 'boolean' },
      appliedAt: isoTime,
    },
  },
});

export interface ApplicationStatusChangedV1 {
  tenantId: string;
  programId: string;
  applicationId: string;
  role: ParticipantRole;
  userId: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

export const ApplicationStatusChanged = defineContract<ApplicationStatusChangedV1>({
  context: 'enrollment',
  name: 'ApplicationStatusChanged',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    applicationId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    role: 'mentor',
    userId: 'auth0|mentor-ada',
    from: 'applied',
    to: 'approved',
    reason: null,
    changedBy: 'auth0|pm-lin',
    changedAt: '2026-11-13T09:00:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/applications/${p.applicationId}`,
  schema: {
    description: 'An application was approved, rejected, waitlisted or withdrawn (applied → approved | rejected | waitlisted; withdrawn at any time).',
    type: 'object',
    required: ['tenantId', 'programId', 'applicationId', 'role', 'userId', 'from', 'to', 'reason', 'changedBy', 'changedAt'],
    properties: {
      tenantId: id,
      programId: id,
      applicationId: id,
      role: { enum: [...PARTICIPANT_ROLES] },
      userId: id,
      from: { enum: [...APPLICATION_STATUSES] },
      to: { enum: [...APPLICATION_STATUSES] },
      reason: { type: ['string', 'null'] },
      changedBy: id,
      changedAt: isoTime,
    },
  },
});

export interface ConsentChangedV1 {
  tenantId: string;
  programId: string;
  applicationId: string;
  userId: string;
  publicAcknowledgementConsent: boolean;
  changedAt: string;
}

export const PublicAcknowledgementConsentChanged = defineContract<ConsentChangedV1>({
  context: 'enrollment',
  name: 'PublicAcknowledgementConsentChanged',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    applicationId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    userId: 'auth0|mentor-ada',
    publicAcknowledgementConsent: false,
    changedAt: '2026-11-20T16:45:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/applications/${p.applicationId}`,
  schema: {
    description: 'A participant gave or withdrew consent to be acknowledged publicly (recognition wall, newsletter).',
    type: 'object',
    required: ['tenantId', 'programId', 'applicationId', 'userId', 'publicAcknowledgementConsent', 'changedAt'],
    properties: {
      tenantId: id,
      programId: id,
      applicationId: id,
      userId: id,
      publicAcknowledgementConsent: { type: 'boolean' },
      changedAt: isoTime,
    },
  },
});
