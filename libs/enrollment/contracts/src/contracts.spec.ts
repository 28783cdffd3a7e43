import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cloudEventType } from '@tandem/kernel';
import { ENROLLMENT_CONTRACTS, MatchDeclined, PairExclusionLifted, ProgramCreated, ProgramManagersChanged, type ProgramCreatedV1 } from './index';

const example: ProgramCreatedV1 = {
  tenantId: 'acme',
  programId: 'p-1',
  name: 'Women in Engineering 2027',
  purpose: 'Grow senior engineers',
  format: 'one-to-one',
  lifecycle: { kind: 'cohort', startsOn: '2027-01-01', endsOn: '2027-06-30' },
  capacity: { maxPairs: 50 },
  expectations: { sessionsPerMonth: 2, sessionMinutes: 45, commitmentMonths: 6 },
  objectives: [{ objectiveId: 'o-1', description: 'Promotions', metric: 'verified-promotions', target: 5 }],
  sponsor: { name: 'Dana CTO', email: null },
  managers: ['u-1'],
  applicationQuestions: [{ questionId: 'q1', text: 'Why?', kind: 'text', required: true, choices: [], audience: 'both' }],
  matchingPolicy: {
    objective: 'most-participation',
    minimumScore: 20,
    weights: { skills: 4, goals: 2, interests: 1, language: 1, timeZone: 1, crossDepartment: 1 },
    mustHaves: [],
    maxTimeZoneDifferenceHours: 6,
    proposalTtlDays: 14,
  },
  mentorTrainingRequired: true,
  status: 'draft',
  createdBy: 'u-1',
  createdAt: '2026-11-21T10:00:00.000Z',
};

describe('enrollment contracts', () => {
  it('compiles every schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const contract of ENROLLMENT_CONTRACTS) expect(() => ajv.compile(contract.schema)).not.toThrow();
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(ProgramCreated.schema);

  it('accepts a complete ProgramCreated v1 payload', () => {
    expect(validate(example)).toBe(true);
  });

  it('rejects a payload that breaks the schema, naming the field', () => {
    const broken = { ...example, expectations: { ...example.expectations, sessionMinutes: 0 } };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/expectations/sessionMinutes');
  });

  it('names every contract with a versioned CloudEvents type on the enrollment topic', () => {
    expect(ENROLLMENT_CONTRACTS.map(cloudEventType)).toEqual([
      'tandem.enrollment.ProgramCreated.v1',
      'tandem.enrollment.ProgramRevised.v1',
      'tandem.enrollment.ProgramStatusChanged.v1',
      'tandem.enrollment.ProgramManagersChanged.v1',
      'tandem.enrollment.ParticipantApplied.v1',
      'tandem.enrollment.ApplicationStatusChanged.v1',
      'tandem.enrollment.PublicAcknowledgementConsentChanged.v1',
      'tandem.enrollment.MatchProposed.v1',
      'tandem.enrollment.PairingStarted.v1',
      'tandem.enrollment.PairingStatusChanged.v1',
      'tandem.enrollment.ProposalApproved.v1',
      'tandem.enrollment.ProposalRejected.v1',
      'tandem.enrollment.MatchAccepted.v1',
      'tandem.enrollment.MatchDeclined.v1',
      'tandem.enrollment.ProposalExpired.v1',
      'tandem.enrollment.PairExclusionLifted.v1',
    ]);
    expect(new Set(ENROLLMENT_CONTRACTS.map((c) => c.topic))).toEqual(new Set(['mentoring.enrollment.v1']));
  });

  it('accepts the decisions on a proposal naming both applications, and refuses one without them', () => {
    const ref = { tenantId: 'acme', programId: 'p-1', proposalId: 'x-1', mentorApplicationId: 'am', menteeApplicationId: 'ae' };
    const declined = ajv.compile(MatchDeclined.schema);
    expect(declined({ ...ref, side: 'mentee', declinedAt: '2026-12-02T10:00:00.000Z' })).toBe(true);
    expect(declined({ ...ref, side: 'manager', declinedAt: '2026-12-02T10:00:00.000Z' })).toBe(false);
    // The participant's own words on why they declined are never published: a payload carrying them is refused.
    expect(declined({ ...ref, side: 'mentee', reason: 'we do not get along', declinedAt: '2026-12-02T10:00:00.000Z' })).toBe(false);
    const lifted = ajv.compile(PairExclusionLifted.schema);
    const { menteeApplicationId: _m, ...withoutMentee } = ref;
    expect(lifted({ ...ref, reason: 'talked it through', liftedBy: 'pm', liftedAt: '2026-12-02T10:00:00.000Z' })).toBe(true);
    expect(lifted({ ...withoutMentee, reason: null, liftedBy: 'pm', liftedAt: '2026-12-02T10:00:00.000Z' })).toBe(false);
  });

  it('accepts ProgramManagersChanged with the whole list, and refuses an empty, repeated or extended one', () => {
    const check = ajv.compile(ProgramManagersChanged.schema);
    const payload = { tenantId: 'acme', programId: 'p-1', managers: ['u-1', 'u-2'], changedBy: 'u-1', changedAt: '2026-12-02T10:00:00.000Z' };
    expect(check(payload)).toBe(true);
    expect(check({ ...payload, managers: [] })).toBe(false);
    expect(check({ ...payload, managers: ['u-1', 'u-1'] })).toBe(false);
    expect(check({ ...payload, email: 'u-1@example.com' })).toBe(false);
  });
});
