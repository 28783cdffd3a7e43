import { ConfigurationError } from '@tandem/platform';

/**
 * Settings only recognition reads (on top of every service's ServiceConfig): each tenant's reporting time zone, the
 * zone its "active months" are calendar months of (see rule-evaluation.ts). Until tenants carry one in enrollment,
 * it is configuration: `REPORTING_TIME_ZONES="acme=Europe/Berlin,globex=America/New_York,*=UTC"` — `tenant=IANA
 * zone` pairs, `*` for every other tenant; UTC when unset.
 *
 * A zone applies to every evaluation from the moment the service runs with it: awards, back-fills, previews and
 * progress. Changing a tenant's zone later moves the month boundaries of its past sessions: a person's award is
 * re-judged (amended, or flagged for the managers, never removed) at their next fact. Set it before a tenant's
 * programs start.
 */
export interface RecognitionSettings {
  reportingTimeZones: ReadonlyMap<string, string>;
  /** How often a worker closes the competitions whose voting ended (`COMPETITION_CLOSE_SWEEP_MS`, default 30 s). */
  competitionCloseSweepMs: number;
}

export const RECOGNITION_SETTINGS = Symbol('RECOGNITION_SETTINGS');

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = { reportingTimeZones: new Map(), competitionCloseSweepMs: 30_000 };

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** `REPORTING_TIME_ZONES` (default: UTC for every tenant) and `COMPETITION_CLOSE_SWEEP_MS`. Throws ConfigurationError naming every bad entry. */
export function loadRecognitionSettings(env: Record<string, string | undefined> = process.env): RecognitionSettings {
  const raw = env.REPORTING_TIME_ZONES?.trim() ?? '';
  const zones = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of raw === '' ? [] : raw.split(',')) {
    const [tenant, zone, ...rest] = entry.split('=').map((s) => s.trim());
    if (!tenant || !zone || rest.length > 0) problems.push(`REPORTING_TIME_ZONES: "${entry.trim()}" must be tenant=IANA time zone (or *=zone for every other tenant)`);
    else if (!isZone(zone)) problems.push(`REPORTING_TIME_ZONES: "${zone}" (tenant ${tenant}) is not an IANA time zone`);
    else if (zones.has(tenant)) problems.push(`REPORTING_TIME_ZONES: tenant ${tenant} is given twice`);
    else zones.set(tenant, zone);
  }
  const sweep = env.COMPETITION_CLOSE_SWEEP_MS?.trim() || '30000';
  if (!/^\d+$/.test(sweep) || Number(sweep) < 1000 || Number(sweep) > 86_400_000) problems.push(`COMPETITION_CLOSE_SWEEP_MS: "${sweep}" must be milliseconds from 1000 to 86400000`);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return { reportingTimeZones: zones, competitionCloseSweepMs: Number(sweep) };
}

/** The zone a tenant's active months are counted in: its own, else the `*` entry, else UTC. */
export function reportingTimeZone(settings: RecognitionSettings, tenantId: string): string {
  return settings.reportingTimeZones.get(tenantId) ?? settings.reportingTimeZones.get('*') ?? 'UTC';
}
