import { ConfigurationError } from './service-config';
/**
 * Each tenant's reporting time zone, the zone its calendar days, weeks and months are counted in (recognition's
 * active months; analytics' "as of a day" and its series): `REPORTING_TIME_ZONES="acme=Europe/Berlin,*=UTC"` —
 * `tenant=IANA zone` pairs, `*` for every other tenant; UTC when unset. Until tenants carry one in enrollment, it is
 * configuration, the same for every service.
 */
export class ReportingTimeZones {
  constructor(private readonly zones: ReadonlyMap<string, string> = new Map()) {}

  /** The tenant's own zone, else the `*` entry, else UTC. */
  of(tenantId: string): string {
    return this.zones.get(tenantId) ?? this.zones.get('*') ?? 'UTC';
  }

  /**
   * The setting as rows: every tenant it names with its zone, and `*` with the zone of every other tenant (UTC when
   * none is set) — what analytics stores for its SQL views (`analytics.reporting_time_zones`).
   */
  rows(): { tenantId: string; timeZone: string }[] {
    const named = [...this.zones].filter(([tenantId]) => tenantId !== '*').map(([tenantId, timeZone]) => ({ tenantId, timeZone }));
    return [...named, { tenantId: '*', timeZone: this.of('*') }];
  }
}

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * `tenant=value` pairs (`*` for every other tenant) from one setting, each value checked by `invalid` (what is wrong
 * with it, or null); every problem is pushed to `problems`, naming the setting and the entry.
 */
export function tenantSetting(
  name: string,
  raw: string | undefined,
  what: [long: string, short: string],
  invalid: (value: string) => string | null,
  problems: string[],
): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of (raw?.trim() ?? '') === '' ? [] : raw!.split(',')) {
    const [tenant, value, ...rest] = entry.split('=').map((s) => s.trim());
    const problem = tenant && value && rest.length === 0 ? invalid(value) : null;
    if (!tenant || !value || rest.length > 0) problems.push(`${name}: "${entry.trim()}" must be tenant=${what[0]} (or *=${what[1]} for every other tenant)`);
    else if (problem) problems.push(`${name}: "${value}" (tenant ${tenant}) ${problem}`);
    else if (map.has(tenant)) problems.push(`${name}: tenant ${tenant} is given twice`);
    else map.set(tenant, value);
  }
  return map;
}

/** `REPORTING_TIME_ZONES`, its problems pushed to `problems`. */
export const loadReportingTimeZones = (env: Record<string, string | undefined>, problems: string[]): Map<string, string> =>
  tenantSetting('REPORTING_TIME_ZONES', env.REPORTING_TIME_ZONES, ['IANA time zone', 'zone'], (zone) => (isTimeZone(zone) ? null : 'is not an IANA time zone'), problems);

/** One formatter per zone (making one costs far more than using it). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** How far ahead of UTC a zone's wall clock is at an instant, in milliseconds. */
function offsetAt(timeZone: string, at: number): number {
  if (timeZone === 'UTC') return 0;
  const parts = Object.fromEntries(formatterOf(timeZone).formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day (`YYYY-MM-DD`) ends in a time zone: the next day's local midnight. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const midnight = Date.UTC(year, month - 1, date + 1);
  // The offset at the guess, then at the instant itself (a daylight-saving change between the two moves it).
  const guess = midnight - offsetAt(timeZone, midnight);
  return new Date(midnight - offsetAt(timeZone, guess));
}

/** The zones from `REPORTING_TIME_ZONES` (a service's provider); a bad entry fails the start, named. */
export function reportingTimeZonesFromEnvironment(env: Record<string, string | undefined> = process.env): ReportingTimeZones {
  const problems: string[] = [];
  const zones = loadReportingTimeZones(env, problems);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return new ReportingTimeZones(zones);
}
