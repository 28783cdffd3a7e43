import { deterministicId } from '@tandem/event-store';

/**
 * The one import format (docs/import): a file of records, one JSON object per line (NDJSON), each naming its kind
 * in `record`. Participants may also come as CSV with the documented header (PARTICIPANT_CSV_COLUMNS). Every
 * service reads the same file and imports the records it owns — enrollment participants and pairings, session
 * tracking sessions, feedback, goals and outcomes — and skips the others. References between records are the old
 * platform's ids (`pairingRef`, `sessionRef`, …); the ids here are derived from them, so both services and every
 * re-upload compute the same ones.
 */
export const IMPORT_RECORD_KINDS = ['participant', 'pairing', 'session', 'feedback', 'goal', 'outcome'] as const;
export type ImportRecordKind = (typeof IMPORT_RECORD_KINDS)[number];

export type ImportSide = 'mentor' | 'mentee';

export interface ParticipantRecord {
  record: 'participant';
  employeeId: string;
  /** The person's identity-provider subject (the `sub` of their tokens). */
  userId: string;
  name: string;
  email: string;
  role: ImportSide;
  timeZone: string;
  department?: string | null;
  managerEmployeeId?: string | null;
  location?: string | null;
  languages?: string[];
  skillsOffered?: string[];
  skillsSought?: string[];
  goals?: string[];
  interests?: string[];
  availabilityHoursPerMonth?: number;
  mentorCapacity?: number;
  publicAcknowledgementConsent?: boolean;
  /** When the person joined the program on the old platform (their application's time); default: the import's time. */
  joinedAt?: string;
}

export interface PairingRecord {
  record: 'pairing';
  pairingRef: string;
  mentorEmployeeId: string;
  menteeEmployeeId: string;
  startedAt: string;
  pauses?: { pausedAt: string; resumedAt?: string | null }[];
  ended?: { status: 'completed' | 'ended-early'; at: string; reason?: string };
}

export interface SessionRecord {
  record: 'session';
  sessionRef: string;
  pairingRef: string;
  occurredAt: string;
  minutes: number;
  format: 'in-person' | 'video' | 'phone' | 'chat';
  reportedBy: ImportSide;
  /** When the other side confirmed it; default: `occurredAt`. */
  confirmedAt?: string;
  topics?: string[];
}

export interface FeedbackRecord {
  record: 'feedback';
  sessionRef: string;
  pairingRef: string;
  by: ImportSide;
  rating: number;
  submittedAt: string;
  comment?: string | null;
}

export interface GoalRecord {
  record: 'goal';
  goalRef: string;
  pairingRef: string;
  setBy: ImportSide;
  title: string;
  setAt: string;
  dueOn: string;
  metric: string;
  relevance: string;
  description?: string;
  target?: number;
  achievedAt?: string | null;
}

export interface OutcomeRecord {
  record: 'outcome';
  outcomeRef: string;
  pairingRef: string;
  kind: 'promotion' | 'project-completion' | 'skill-attainment' | 'certification';
  title: string;
  description?: string;
  achievedOn: string;
  beneficiary: ImportSide;
  reportedBy: ImportSide;
  reportedAt: string;
  /** The program manager who verified it on the old platform (a user id, neither the beneficiary nor the reporter). */
  verifiedBy: string;
  verifiedAt: string;
}

export type ImportRecord = ParticipantRecord | PairingRecord | SessionRecord | FeedbackRecord | GoalRecord | OutcomeRecord;

/** The CSV header of a participants file, in this order; list cells are separated by `;`. */
export const PARTICIPANT_CSV_COLUMNS = [
  'employeeId', 'userId', 'name', 'email', 'role', 'timeZone', 'department', 'managerEmployeeId', 'location', 'languages',
  'skillsOffered', 'skillsSought', 'goals', 'interests', 'availabilityHoursPerMonth', 'mentorCapacity', 'publicAcknowledgementConsent', 'joinedAt',
] as const;
export const REQUIRED_PARTICIPANT_CSV_COLUMNS = ['employeeId', 'userId', 'name', 'email', 'role', 'timeZone'] as const;

const ref = { type: 'string', minLength: 1, maxLength: 200 } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const time = { type: 'string', format: 'date-time' } as const;
const date = { type: 'string', format: 'date' } as const;
const side = { enum: ['mentor', 'mentee'] } as const;
const tags = { type: 'array', maxItems: 30, items: text(100) } as const;

const record = (kind: ImportRecordKind, description: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  description,
  required: ['record', ...required],
  additionalProperties: false,
  properties: { record: { const: kind }, ...properties },
});

/** JSON Schema (draft 2020-12) of one line of an import file; published as docs/import/import-record.schema.json. */
export const IMPORT_RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tandem.dev/schemas/import/record.v1.json',
  title: 'Tandem import record v1',
  description:
    'One line of an import file (NDJSON): a participant, a past pairing, or a past session, feedback rating, goal or verified outcome of a pairing. ' +
    'Records that others refer to come first (participants, then their pairings, then what happened in each pairing, sessions before their feedback). ' +
    'Times are ISO 8601 with an offset; dates are YYYY-MM-DD.',
  oneOf: IMPORT_RECORD_KINDS.map((kind) => ({ $ref: `#/$defs/${kind}` })),
  $defs: {
    participant: record('participant', 'A person joining the program, approved (idempotent by employeeId and role).', ['employeeId', 'userId', 'name', 'email', 'role', 'timeZone'], {
      employeeId: text(100),
      userId: { ...text(255), description: 'The identity-provider subject the person signs in with.' },
      name: text(200),
      email: { type: 'string', format: 'email', maxLength: 320 },
      role: side,
      timeZone: { ...text(100), description: 'IANA time zone, e.g. Europe/London' },
      department: { type: ['string', 'null'], maxLength: 200 },
      managerEmployeeId: { type: ['string', 'null'], maxLength: 100 },
      location: { type: ['string', 'null'], maxLength: 200 },
      languages: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 2, maxLength: 35 } },
      skillsOffered: tags,
      skillsSought: tags,
      goals: tags,
      interests: tags,
      availabilityHoursPerMonth: { type: 'number', minimum: 0, maximum: 200 },
      mentorCapacity: { type: 'integer', minimum: 1, maximum: 20 },
      publicAcknowledgementConsent: { type: 'boolean' },
      joinedAt: time,
    }),
    pairing: record('pairing', 'A past (or still running) mentorship between two imported or enrolled participants.', ['pairingRef', 'mentorEmployeeId', 'menteeEmployeeId', 'startedAt'], {
      pairingRef: ref,
      mentorEmployeeId: text(100),
      menteeEmployeeId: text(100),
      startedAt: time,
      pauses: {
        type: 'array',
        maxItems: 50,
        items: { type: 'object', required: ['pausedAt'], additionalProperties: false, properties: { pausedAt: time, resumedAt: { type: ['string', 'null'], format: 'date-time' } } },
      },
      ended: {
        type: 'object',
        required: ['status', 'at'],
        additionalProperties: false,
        properties: { status: { enum: ['completed', 'ended-early'] }, at: time, reason: text(1000) },
      },
    }),
    session: record('session', 'A session that took place and that both sides confirmed (the import gives the confirmation).', ['sessionRef', 'pairingRef', 'occurredAt', 'minutes', 'format', 'reportedBy'], {
      sessionRef: ref,
      pairingRef: ref,
      occurredAt: time,
      minutes: { type: 'integer', minimum: 1, maximum: 600 },
      format: { enum: ['in-person', 'video', 'phone', 'chat'] },
      reportedBy: side,
      confirmedAt: time,
      topics: tags,
    }),
    feedback: record('feedback', "One side's rating of an imported session.", ['sessionRef', 'pairingRef', 'by', 'rating', 'submittedAt'], {
      sessionRef: ref,
      pairingRef: ref,
      by: side,
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      submittedAt: time,
      comment: { type: ['string', 'null'], maxLength: 2000 },
    }),
    goal: record('goal', "A goal the pair set, achieved when achievedAt is given.", ['goalRef', 'pairingRef', 'setBy', 'title', 'metric', 'relevance', 'setAt', 'dueOn'], {
      goalRef: ref,
      pairingRef: ref,
      setBy: side,
      title: text(200),
      setAt: time,
      dueOn: date,
      metric: text(200),
      relevance: text(1000),
      description: { type: 'string', maxLength: 2000 },
      target: { type: 'number', minimum: 0 },
      achievedAt: { type: ['string', 'null'], format: 'date-time' },
    }),
    outcome: record('outcome', 'An outcome reported by the pair and verified by a program manager.', ['outcomeRef', 'pairingRef', 'kind', 'title', 'achievedOn', 'beneficiary', 'reportedBy', 'reportedAt', 'verifiedBy', 'verifiedAt'], {
      outcomeRef: ref,
      pairingRef: ref,
      kind: { enum: ['promotion', 'project-completion', 'skill-attainment', 'certification'] },
      title: text(200),
      description: { type: 'string', maxLength: 2000 },
      achievedOn: date,
      beneficiary: side,
      reportedBy: side,
      reportedAt: time,
      verifiedBy: text(255),
      verifiedAt: time,
    }),
  },
} as const;

/**
 * The id an imported thing gets in this system: derived from the tenant, the program, the kind and the old
 * platform's reference, so every service and every re-upload computes the same one.
 */
export const importedId = (tenantId: string, programId: string, kind: 'participant' | 'pairing' | 'proposal' | 'session' | 'goal' | 'outcome', ...refs: string[]): string =>
  deterministicId('import', tenantId, programId, kind, ...refs);
