import { endOfLocalDay, loadReportingTimeZones, ReportingTimeZones } from './reporting-time-zones';

describe("a tenant's reporting time zone", () => {
  it('is the tenant’s own, else the * entry, else UTC', () => {
    const problems: string[] = [];
    const zones = new ReportingTimeZones(loadReportingTimeZones({ REPORTING_TIME_ZONES: 'acme=Europe/Berlin, *=America/New_York' }, problems));
    expect([zones.of('acme'), zones.of('globex'), new ReportingTimeZones().of('acme'), problems]).toEqual(['Europe/Berlin', 'America/New_York', 'UTC', []]);
  });

  it('lists as rows every tenant named and * for every other tenant, UTC when the setting names none', () => {
    const zones = new ReportingTimeZones(loadReportingTimeZones({ REPORTING_TIME_ZONES: '*=America/New_York, acme=Europe/Berlin' }, []));
    expect(zones.rows()).toEqual([
      { tenantId: 'acme', timeZone: 'Europe/Berlin' },
      { tenantId: '*', timeZone: 'America/New_York' },
    ]);
    expect(new ReportingTimeZones().rows()).toEqual([{ tenantId: '*', timeZone: 'UTC' }]);
  });

  it('ends a day at the next local midnight, across daylight-saving changes', () => {
    expect(endOfLocalDay('2027-01-15', 'UTC').toISOString()).toBe('2027-01-16T00:00:00.000Z');
    expect(endOfLocalDay('2027-01-15', 'America/New_York').toISOString()).toBe('2027-01-16T05:00:00.000Z');
    expect(endOfLocalDay('2027-03-27', 'Europe/Berlin').toISOString()).toBe('2027-03-27T23:00:00.000Z'); // the night clocks go forward
    expect(endOfLocalDay('2027-03-28', 'Europe/Berlin').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(endOfLocalDay('2027-10-30', 'Europe/Berlin').toISOString()).toBe('2027-10-30T22:00:00.000Z'); // and back
    expect(endOfLocalDay('2027-10-31', 'Europe/Berlin').toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(endOfLocalDay('2027-06-30', 'Asia/Kolkata').toISOString()).toBe('2027-06-30T18:30:00.000Z');
  });
});
