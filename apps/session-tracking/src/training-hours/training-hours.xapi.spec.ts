import type { LedgerEntryRow } from './training-hours.queries';
import { isoDuration, toXapiStatements } from './training-hours.xapi';

const who = { tenantId: 'acme', programId: 'prog-1', programName: 'Engineering mentoring', userId: 'mia', name: 'Mia' };
const entry = (over: Partial<LedgerEntryRow>): LedgerEntryRow => ({
  entryId: 'e1', kind: 'credit', programId: 'prog-1', userId: 'mia', role: 'mentor', pairingId: 'p1', sessionId: 's1', correctsEntryId: null,
  month: '2027-03', occurredAt: new Date('2027-03-01T10:00:00Z'), sessionMinutes: 50, minutes: 60, capped: false, reason: null,
  recordedBy: 'system:session-tracking', recordedAt: new Date('2027-03-02T10:00:00Z'), ...over,
});

describe('xAPI export of training hours', () => {
  it('writes minutes as ISO-8601 durations', () => {
    expect([0, 15, 60, 90, 480].map(isoDuration)).toEqual(['PT0M', 'PT15M', 'PT1H', 'PT1H30M', 'PT8H']);
  });

  it('states one completed statement per credited session: actor by account, verb completed, result.duration', () => {
    const [statement] = toXapiStatements([entry({})], who);
    expect(statement).toMatchObject({
      actor: { objectType: 'Agent', name: 'Mia', account: { homePage: 'https://tandem.dev/tenants/acme', name: 'mia' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: { objectType: 'Activity', id: 'https://tandem.dev/tenants/acme/programs/prog-1/sessions/s1' },
      result: { completion: true, duration: 'PT1H' },
      context: { contextActivities: { parent: [{ id: 'https://tandem.dev/tenants/acme/programs/prog-1', definition: { name: { 'en-US': 'Engineering mentoring' } } }] } },
      timestamp: '2027-03-01T10:00:00.000Z',
      version: '1.0.3',
    });
    // Stable ids: exporting again yields the same statements (an LRS deduplicates them).
    expect(toXapiStatements([entry({})], who)[0].id).toBe(statement.id);
  });

  it('after a correction, voids the superseded statement and states the corrected duration; a zeroed entry is only voided', () => {
    const correction = entry({ entryId: 'c1', kind: 'correction', correctsEntryId: 'e1', minutes: -30, recordedAt: new Date('2027-03-05T10:00:00Z') });
    const original = toXapiStatements([entry({})], who)[0];
    const statements = toXapiStatements([entry({}), correction], who);
    expect(statements.map((s: any) => s.verb.display['en-US'])).toEqual(['completed', 'voided']);
    const [completed, voided] = statements as any[];
    expect(completed.result.duration).toBe('PT30M');
    expect(completed.id).not.toBe(original.id);
    expect(voided.object).toEqual({ objectType: 'StatementRef', id: original.id });

    const zeroed = toXapiStatements([entry({}), { ...correction, minutes: -60 }], who) as any[];
    expect(zeroed.map((s) => s.verb.display['en-US'])).toEqual(['voided']);
    expect(toXapiStatements([entry({ minutes: 0, capped: true })], who)).toEqual([]);
  });
});
