import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cloudEventType } from '@tandem/kernel';
import { SESSION_TRACKING_CONTRACTS, SessionCompleted, TrainingHoursCredited, type SessionCompletedV1 } from './index';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

const ref = { tenantId: 'acme', programId: 'prog-1', pairingId: 'pair-1', mentorUserId: 'u-mentor', menteeUserId: 'u-mentee' };
const completed: SessionCompletedV1 = {
  ...ref,
  sessionId: 's-1',
  occurredAt: '2027-03-01T10:00:00.000Z',
  minutes: 50,
  format: 'video',
  logged: false,
  reportedByRole: 'mentee',
  confirmedAt: '2027-03-02T10:00:00.000Z',
};

describe('session-tracking contracts', () => {
  it('compiles every schema, each forbidding unknown properties', () => {
    for (const contract of SESSION_TRACKING_CONTRACTS) {
      expect(() => ajv.compile(contract.schema)).not.toThrow();
      expect(contract.schema).toMatchObject({ additionalProperties: false, type: 'object' });
      expect((contract.schema as { required: string[] }).required).toEqual(expect.arrayContaining(['tenantId', 'pairingId', 'programId']));
    }
  });

  it('accepts a SessionCompleted and refuses one carrying anything else (a note, a comment, topics)', () => {
    const validate = ajv.compile(SessionCompleted.schema);
    expect(validate(completed)).toBe(true);
    expect(validate({ ...completed, notes: 'private' })).toBe(false);
    expect(validate({ ...completed, topics: ['career'] })).toBe(false);
    expect(validate({ ...completed, minutes: 0 })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/minutes');
  });

  it('validates nested policy objects strictly too', () => {
    const validate = ajv.compile(TrainingHoursCredited.schema);
    const entry = {
      ...ref, entryId: 'e-1', userId: 'u-mentor', role: 'mentor', sessionId: 's-1', occurredAt: completed.occurredAt, month: '2027-03',
      sessionMinutes: 50, minutes: 60, capped: false, policy: { roundingMinutes: 15, monthlyCapMinutes: 480 }, creditedAt: completed.confirmedAt,
    };
    expect(validate(entry)).toBe(true);
    expect(validate({ ...entry, month: '2027-13' })).toBe(false);
    expect(validate({ ...entry, policy: { ...entry.policy, note: 'x' } })).toBe(false);
  });

  it('names every contract with a versioned CloudEvents type on one topic, keyed by pairing', () => {
    expect(SESSION_TRACKING_CONTRACTS.map(cloudEventType)).toEqual([
      'tandem.session-tracking.SessionCompleted.v1',
      'tandem.session-tracking.SessionCancelled.v1',
      'tandem.session-tracking.SessionNoShowReported.v1',
      'tandem.session-tracking.FeedbackSubmitted.v1',
      'tandem.session-tracking.PulseSurveyAnswered.v1',
      'tandem.session-tracking.GoalAchieved.v1',
      'tandem.session-tracking.OutcomeVerified.v1',
      'tandem.session-tracking.TrainingHoursCredited.v1',
      'tandem.session-tracking.TrainingHoursCorrected.v1',
      'tandem.session-tracking.PairingAtRisk.v1',
      'tandem.session-tracking.PairingRecovered.v1',
    ]);
    expect(new Set(SESSION_TRACKING_CONTRACTS.map((c) => c.topic))).toEqual(new Set(['mentoring.session-tracking.v1']));
    expect(SessionCompleted.key(completed)).toBe('pair-1');
    expect(SessionCompleted.subject(completed)).toBe('pairings/pair-1/sessions/s-1');
  });
});
