import { defineContract } from '@tandem/kernel';

/** The topic every enrollment integration event is published on, keyed by the aggregate (program) id. */
export const ENROLLMENT_TOPIC = 'mentoring.enrollment.v1';

export const PROGRAM_STATUSES = ['draft', 'open', 'running', 'closed', 'archived'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

const isoDate = { type: 'string', format: 'date' } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const id = { type: 'string', minLength: 1 } as const;

export interface ApplicationQuestionV1 {
  questionId: string;
  text: string;
  kind: 'text' | 'number' | 'choice' | 'yes-no';
  required: boolean;
  choices: string[];
  audience: 'mentor' | 'mentee' | 'both';
}

export interface MatchingPolicyV1 {
  objective: 'most-participation' | 'best-quality';
  minimumScore: number;
  weights: { skills: number; goals: number; interests: number; language: number; timeZone: number; crossDepartment: number };
  mustHaves: { attribute: string; mode: 'equal' }[];
  maxTimeZoneDifferenceHours: number;
  proposalTtlDays: number;
}

/** Everything a program manager defines about a program (ProgramCreated and ProgramRevised carry it whole). */
export interface ProgramDefinitionV1 {
  name: string;
  purpose: string;
  format: 'one-to-one';
  lifecycle: { kind: 'cohort'; startsOn: string; endsOn: string } | { kind: 'evergreen' };
  capacity: { maxPairs: number | null };
  expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths: number | null };
  objectives: { objectiveId: string; description: string; metric: string; target: number; horizonMonths?: number }[];
  sponsor: { name: string; email: string | null } | null;
  managers: string[];
  applicationQuestions: ApplicationQuestionV1[];
  matchingPolicy: MatchingPolicyV1;
  mentorTrainingRequired: boolean;
}

export interface ProgramCreatedV1 extends ProgramDefinitionV1 {
  tenantId: string;
  programId: string;
  status: 'draft';
  createdBy: string;
  createdAt: string;
}

const weight = { type: 'number', minimum: 0 } as const;
const definitionProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  purpose: { type: 'string' },
  format: { enum: ['one-to-one'] },
  lifecycle: {
    oneOf: [
      { type: 'object', required: ['kind', 'startsOn', 'endsOn'], properties: { kind: { const: 'cohort' }, startsOn: isoDate, endsOn: isoDate } },
      { type: 'object', required: ['kind'], properties: { kind: { const: 'evergreen' } } },
    ],
  },
  capacity: { type: 'object', required: ['maxPairs'], properties: { maxPairs: { type: ['integer', 'null'], minimum: 1 } } },
  expectations: {
    type: 'object',
    required: ['sessionsPerMonth', 'sessionMinutes', 'commitmentMonths'],
    properties: {
      sessionsPerMonth: { type: 'number', exclusiveMinimum: 0 },
      sessionMinutes: { type: 'integer', minimum: 1 },
      commitmentMonths: { type: ['integer', 'null'], minimum: 1 },
    },
  },
  objectives: {
    type: 'array',
    items: {
      type: 'object',
      required: ['objectiveId', 'description', 'metric', 'target'],
      properties: {
        objectiveId: id,
        description: { type: 'string' },
        metric: { type: 'string', description: 'A KPI of docs/kpis.md (e.g. `sessions`, `nps`, `verified-promotions`); programs created before the vocabulary may carry free text.' },
        target: { type: 'number' },
        horizonMonths: { type: 'integer', minimum: 1, maximum: 60, description: 'Due this many months after the program starts; absent on programs created before horizons (read as 12).' },
      },
    },
  },
  sponsor: {
    oneOf: [
      { type: 'null' },
      { type: 'object', required: ['name', 'email'], properties: { name: { type: 'string' }, email: { type: ['string', 'null'] } } },
    ],
  },
  managers: { type: 'array', items: id },
  applicationQuestions: {
    type: 'array',
    items: {
      type: 'object',
      required: ['questionId', 'text', 'kind', 'required', 'choices', 'audience'],
      properties: {
        questionId: id,
        text: { type: 'string' },
        kind: { enum: ['text', 'number', 'choice', 'yes-no'] },
        required: { type: 'boolean' },
        choices: { type: 'array', items: { type: 'string' } },
        audience: { enum: ['mentor', 'mentee', 'both'] },
      },
    },
  },
  matchingPolicy: {
    type: 'object',
    required: ['objective', 'minimumScore', 'weights', 'mustHaves', 'maxTimeZoneDifferenceHours', 'proposalTtlDays'],
    properties: {
      objective: { enum: ['most-participation', 'best-quality'] },
      minimumScore: { type: 'number', minimum: 0, maximum: 100 },
      weights: {
        type: 'object',
        required: ['skills', 'goals', 'interests', 'language', 'timeZone', 'crossDepartment'],
        properties: { skills: weight, goals: weight, interests: weight, language: weight, timeZone: weight, crossDepartment: weight },
      },
      mustHaves: { type: 'array', items: { type: 'object', required: ['attribute', 'mode'], properties: { attribute: { type: 'string' }, mode: { const: 'equal' } } } },
      maxTimeZoneDifferenceHours: { type: 'number', minimum: 0 },
      proposalTtlDays: { type: 'integer', minimum: 1 },
    },
  },
  mentorTrainingRequired: { type: 'boolean' },
} as const;
const definitionRequired = Object.keys(definitionProperties);

/** The program definition the ProgramCreated and ProgramRevised examples carry. */
const exampleDefinition = {
  name: 'Women in Engineering 2027',
  purpose: 'Grow senior engineers into technical leaders',
  format: 'one-to-one',
  lifecycle: {
    kind: 'cohort',
    startsOn: '2027-01-04',
    endsOn: '2027-06-30'
  },
  capacity: {
    maxPairs: 50
  },
  expectations: {
    sessionsPerMonth: 2,
    sessionMinutes: 45,
    commitmentMonths: 6
  },
  objectives: [
    {
      objectiveId: 'obj-promotions',
      description: 'Mentees promoted within a year',
      metric: 'verified-promotions',
      target: 5,
      horizonMonths: 12
    }
  ],
  sponsor: {
    name: 'Dana Okafor',
    email: 'dana.okafor@example.com'
  },
  managers: [
    'auth0|pm-lin'
  ],
  applicationQuestions: [
    {
      questionId: 'q-why',
      text: 'What do you want from this program?',
      kind: 'text',
      required: true,
      choices: [],
      audience: 'both'
    }
  ],
  matchingPolicy: {
    objective: 'most-participation',
    minimumScore: 20,
    weights: {
      skills: 4,
      goals: 2,
      interests: 1,
      language: 1,
      timeZone: 1,
      crossDepartment: 1
    },
    mustHaves: [],
    maxTimeZoneDifferenceHours: 6,
    proposalTtlDays: 14
  },
  mentorTrainingRequired: true,
} as const satisfies Partial<ProgramCreatedV1>;

export const ProgramCreated = defineContract<ProgramCreatedV1>({
  context: 'enrollment',
  name: 'ProgramCreated',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    ...exampleDefinition,
    status: 'draft',
    createdBy: 'auth0|pm-lin',
    createdAt: '2026-11-02T09:15:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    description: 'A program manager created a mentoring program (in draft).',
    type: 'object',
    required: ['tenantId', 'programId', ...definitionRequired, 'status', 'createdBy', 'createdAt'],
    properties: {
      tenantId: id,
      programId: id,
      ...definitionProperties,
      status: { const: 'draft' },
      createdBy: id,
      createdAt: isoTime,
    },
  },
});

export interface ProgramStatusChangedV1 {
  tenantId: string;
  programId: string;
  from: ProgramStatus;
  to: ProgramStatus;
  changedBy: string;
  changedAt: string;
}

export const ProgramStatusChanged = defineContract<ProgramStatusChangedV1>({
  context: 'enrollment',
  name: 'ProgramStatusChanged',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    from: 'draft',
    to: 'open',
    changedBy: 'auth0|pm-lin',
    changedAt: '2026-11-10T08:00:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    description: 'A program moved along its lifecycle: draft → open → running → closed → archived.',
    type: 'object',
    required: ['tenantId', 'programId', 'from', 'to', 'changedBy', 'changedAt'],
    properties: {
      tenantId: id,
      programId: id,
      from: { enum: [...PROGRAM_STATUSES] },
      to: { enum: [...PROGRAM_STATUSES] },
      changedBy: id,
      changedAt: isoTime,
    },
  },
});

export interface ProgramRevisedV1 extends ProgramDefinitionV1 {
  tenantId: string;
  programId: string;
  revisedBy: string;
  revisedAt: string;
}

export const ProgramRevised = defineContract<ProgramRevisedV1>({
  context: 'enrollment',
  name: 'ProgramRevised',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    ...exampleDefinition,
    revisedBy: 'auth0|pm-lin',
    revisedAt: '2026-11-09T14:02:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    description: 'A draft program was edited; the payload carries its whole new definition.',
    type: 'object',
    required: ['tenantId', 'programId', ...definitionRequired, 'revisedBy', 'revisedAt'],
    properties: { tenantId: id, programId: id, ...definitionProperties, revisedBy: id, revisedAt: isoTime },
  },
});

export interface ProgramManagersChangedV1 {
  tenantId: string;
  programId: string;
  /** The whole new list of the program managers' user ids (each once). */
  managers: string[];
  changedBy: string;
  changedAt: string;
}

export const ProgramManagersChanged = defineContract<ProgramManagersChangedV1>({
  context: 'enrollment',
  name: 'ProgramManagersChanged',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    managers: [
      'auth0|pm-lin',
      'auth0|pm-sam'
    ],
    changedBy: 'auth0|pm-lin',
    changedAt: '2026-11-11T10:30:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    description:
      "A program's managers changed (in any status): the payload carries the whole new list. Only these users and the tenant's admins may manage the program or read its participants' personal data.",
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'managers', 'changedBy', 'changedAt'],
    properties: {
      tenantId: id,
      programId: id,
      managers: { type: 'array', minItems: 1, uniqueItems: true, items: id },
      changedBy: id,
      changedAt: isoTime,
    },
  },
});
