import { ConfigurationError, loadReportingTimeZones, ReportingTimeZones, tenantSetting } from '@tandem/platform';

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
  /** Verifiable credentials (see credentials/): off without a master key. */
  credentials: CredentialSettings | null;
}

/**
 * `CREDENTIALS_MASTER_KEY` (32 random bytes, base64: a Kubernetes Secret) encrypts each tenant's signing key at rest;
 * `PUBLIC_BASE_URL` is where the service is reachable from outside (the credentials, issuer profiles and status
 * lists live under it, so it names them); `CREDENTIAL_ISSUERS="acme=Acme Corp,…"` names each tenant's organization
 * (its tenant id otherwise).
 */
export interface CredentialSettings {
  masterKey: Buffer;
  publicBaseUrl: string;
  issuerNames: ReadonlyMap<string, string>;
  /** `CREDENTIALS_FETCH_FOREIGN=true`: verifying another issuer's credential may fetch its documents (foreign-documents.ts). */
  fetchForeign: boolean;
}

export const RECOGNITION_SETTINGS = Symbol('RECOGNITION_SETTINGS');

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = { reportingTimeZones: new Map(), competitionCloseSweepMs: 30_000, credentials: null };

/** `REPORTING_TIME_ZONES` (default: UTC for every tenant), `COMPETITION_CLOSE_SWEEP_MS` and the credentials' settings. Throws ConfigurationError naming every bad entry. */
export function loadRecognitionSettings(env: Record<string, string | undefined> = process.env): RecognitionSettings {
  const problems: string[] = [];
  const zones = loadReportingTimeZones(env, problems);
  let credentials: CredentialSettings | null = null;
  const issuerNames = tenantSetting('CREDENTIAL_ISSUERS', env.CREDENTIAL_ISSUERS, ['organization name', 'name'], () => null, problems);
  if (env.CREDENTIALS_MASTER_KEY) {
    const masterKey = Buffer.from(env.CREDENTIALS_MASTER_KEY, 'base64');
    const base = env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
    if (masterKey.length !== 32) problems.push('CREDENTIALS_MASTER_KEY: must be 32 random bytes, base64-encoded (openssl rand -base64 32)');
    if (!base || !/^https?:\/\/[^/\s]+/.test(base)) problems.push('PUBLIC_BASE_URL: the URL this service is reached at from outside (http[s]://host[/path]) is required with CREDENTIALS_MASTER_KEY');
    if (!['true', 'false', undefined].includes(env.CREDENTIALS_FETCH_FOREIGN)) problems.push('CREDENTIALS_FETCH_FOREIGN: true or false');
    credentials = { masterKey, publicBaseUrl: base ?? '', issuerNames, fetchForeign: env.CREDENTIALS_FETCH_FOREIGN === 'true' };
  }
  const sweep = env.COMPETITION_CLOSE_SWEEP_MS?.trim() || '30000';
  if (!/^\d+$/.test(sweep) || Number(sweep) < 1000 || Number(sweep) > 86_400_000) problems.push(`COMPETITION_CLOSE_SWEEP_MS: "${sweep}" must be milliseconds from 1000 to 86400000`);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return { reportingTimeZones: zones, competitionCloseSweepMs: Number(sweep), credentials };
}

/** The zone a tenant's active months are counted in: its own, else the `*` entry, else UTC. */
export function reportingTimeZone(settings: RecognitionSettings, tenantId: string): string {
  return new ReportingTimeZones(settings.reportingTimeZones).of(tenantId);
}
