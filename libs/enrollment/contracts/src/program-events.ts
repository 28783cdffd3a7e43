import { defineContract } from '@tandem/kernel';

/** The topic every enrollment integration event is published on, keyed by the aggregate (program) id. */
export const ENROLLMENT_TOPIC = 'mentoring.enrollment.v1';

export const PROGRAM_STATUSES = ['draft', 'open', 'running', 'closed', 'archived'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

const isoDate = { type: 'string', format: 'date' } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const id = { type: 'string', minLength: 1 } as const;

export interface ProgramCreatedV1 {
  tenantId: string;
  programId: string;
  name: string;
  purpose: string;
  format: 'one-to-one';
  lifecycle: { kind: 'cohort'; startsOn: string; endsOn: string } | { kind: 'evergreen' };
  capacity: { maxPairs: number | null };
  expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths: number | null };
  objectives: { objectiveId: string; description: string; metric: string; target: number }[];
  sponsor: { name: string; email: string | null } | null;
  managers: string[];
  status: 'draft';
  createdBy: string;
  createdAt: string;
}

export const ProgramCreated = defineContract<ProgramCreatedV1>({
  context: 'enrollment',
  name: 'ProgramCreated',
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tandem.dev/schemas/enrollment/ProgramCreated.v1.json',
    title: 'ProgramCreated v1',
    description: 'A program manager created a mentoring program (in draft).',
    type: 'object',
    required: ['tenantId', 'programId', 'name', 'purpose', 'format', 'lifecycle', 'capacity', 'expectations', 'objectives', 'sponsor', 'managers', 'status', 'createdBy', 'createdAt'],
    properties: {
      tenantId: id,
      programId: id,
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
          properties: { objectiveId: id, description: { type: 'string' }, metric: { type: 'string' }, target: { type: 'number' } },
        },
      },
      sponsor: {
        oneOf: [
          { type: 'null' },
          { type: 'object', required: ['name', 'email'], properties: { name: { type: 'string' }, email: { type: ['string', 'null'] } } },
        ],
      },
      managers: { type: 'array', items: id },
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
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}`,
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tandem.dev/schemas/enrollment/ProgramStatusChanged.v1.json',
    title: 'ProgramStatusChanged v1',
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
