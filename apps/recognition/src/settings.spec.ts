import { ConfigurationError } from '@tandem/platform';
import { evaluateRule, type BadgeRule, type PersonFact } from '@tandem/recognition-domain';
import { AwardWriter } from './awards/awards.commands';
import { loadRecognitionSettings, reportingTimeZone } from './settings';

const session = (eventId: string, occurredAt: string): PersonFact => ({ eventId, kind: 'session', role: 'mentor', occurredAt, value: 1, counterpart: 'mentee-1' });
const threeMonths: BadgeRule = { fact: 'consecutiveActiveMonths', atLeast: 3, role: 'mentor' };

describe("a tenant's reporting time zone (REPORTING_TIME_ZONES)", () => {
  const settings = loadRecognitionSettings({ REPORTING_TIME_ZONES: ' acme=Europe/Berlin, *=America/New_York ' });

  it('is the tenant’s own zone, else the * entry, else UTC', () => {
    expect(reportingTimeZone(settings, 'acme')).toBe('Europe/Berlin');
    expect(reportingTimeZone(settings, 'globex')).toBe('America/New_York');
    expect(reportingTimeZone(loadRecognitionSettings({}), 'acme')).toBe('UTC');
    expect(new AwardWriter({} as never, {} as never, settings).timeZoneOf('acme')).toBe('Europe/Berlin');
    expect(new AwardWriter({} as never, {} as never).timeZoneOf('acme')).toBe('UTC');
  });

  it('refuses a malformed entry, an unknown zone and a tenant given twice, naming each', () => {
    const problems = (value: string) => {
      try {
        loadRecognitionSettings({ REPORTING_TIME_ZONES: value });
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as ConfigurationError).problems;
      }
    };
    expect(problems('acme=Mars/Olympus,globex,beta=UTC,beta=UTC')).toEqual([
      'REPORTING_TIME_ZONES: "Mars/Olympus" (tenant acme) is not an IANA time zone',
      'REPORTING_TIME_ZONES: "globex" must be tenant=IANA time zone (or *=zone for every other tenant)',
      'REPORTING_TIME_ZONES: tenant beta is given twice',
    ]);
  });

  it('reads how often competitions whose voting ended are closed (30 s by default), refusing nonsense', () => {
    expect(loadRecognitionSettings({}).competitionCloseSweepMs).toBe(30_000);
    expect(loadRecognitionSettings({ COMPETITION_CLOSE_SWEEP_MS: '1000' }).competitionCloseSweepMs).toBe(1000);
    expect(() => loadRecognitionSettings({ COMPETITION_CLOSE_SWEEP_MS: '5' })).toThrow(ConfigurationError);
    expect(() => loadRecognitionSettings({ COMPETITION_CLOSE_SWEEP_MS: '1e4' })).toThrow(ConfigurationError);
  });

  it('decides which calendar month a session near a month boundary is active in', () => {
    // 31 Jan 23:30 UTC is already 1 Feb in Berlin; 31 Mar 22:30 UTC is already 1 Apr there (summer time, UTC+2).
    const facts = [session('s1', '2026-01-31T23:30:00.000Z'), session('s2', '2026-03-01T10:00:00.000Z'), session('s3', '2026-03-31T22:30:00.000Z')];
    const berlin = evaluateRule(threeMonths, facts, { timeZone: reportingTimeZone(settings, 'acme') });
    expect(berlin).toEqual({
      satisfied: true, earnedAt: '2026-03-31T22:30:00.000Z',
      evidence: [{ criterion: 'rule', fact: 'consecutiveActiveMonths', eventIds: ['s1', 's2', 's3'] }],
    });
    // In New York (and in UTC) they fall in January, March and March: never three months in a row.
    expect(evaluateRule(threeMonths, facts, { timeZone: reportingTimeZone(settings, 'globex') }).satisfied).toBe(false);
    expect(evaluateRule(threeMonths, facts, { timeZone: 'UTC' }).satisfied).toBe(false);
  });
});

describe('the credentials settings', () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('are off without a master key, and name the issuers', () => {
    expect(loadRecognitionSettings({}).credentials).toBeNull();
    const settings = loadRecognitionSettings({ CREDENTIALS_MASTER_KEY: key, PUBLIC_BASE_URL: 'https://tandem.acme.example/recognition/', CREDENTIAL_ISSUERS: 'acme=Acme Corp' });
    expect(settings.credentials).toEqual({ masterKey: Buffer.alloc(32, 7), publicBaseUrl: 'https://tandem.acme.example/recognition', issuerNames: new Map([['acme', 'Acme Corp']]), fetchForeign: false });
  });

  it('refuses a master key of the wrong size and a missing public URL', () => {
    expect(() => loadRecognitionSettings({ CREDENTIALS_MASTER_KEY: 'c2hvcnQ=' })).toThrow(ConfigurationError);
    try {
      loadRecognitionSettings({ CREDENTIALS_MASTER_KEY: 'c2hvcnQ=' });
    } catch (error) {
      expect((error as ConfigurationError).problems).toEqual([
        'CREDENTIALS_MASTER_KEY: must be 32 random bytes, base64-encoded (openssl rand -base64 32)',
        'PUBLIC_BASE_URL: the URL this service is reached at from outside (http[s]://host[/path]) is required with CREDENTIALS_MASTER_KEY',
      ]);
    }
  });
});
