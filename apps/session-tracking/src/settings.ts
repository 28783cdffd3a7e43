import { ConfigurationError } from '@tandem/platform';

/** Settings only session tracking reads (on top of every service's ServiceConfig). */
export interface SessionTrackingSettings {
  /** How often the engagement-health scheduler looks for pairings that became at risk or recovered. */
  healthCheckIntervalMs: number;
}

export const SESSION_TRACKING_SETTINGS = Symbol('SESSION_TRACKING_SETTINGS');

/** `HEALTH_CHECK_INTERVAL_MS` (default 60000, 100 … 86400000). Throws ConfigurationError naming a bad value. */
export function loadSessionTrackingSettings(env: Record<string, string | undefined> = process.env): SessionTrackingSettings {
  const raw = env.HEALTH_CHECK_INTERVAL_MS;
  const interval = raw === undefined || raw === '' ? 60_000 : Number(raw);
  if (!Number.isInteger(interval) || interval < 100 || interval > 86_400_000) {
    throw new ConfigurationError([`HEALTH_CHECK_INTERVAL_MS: must be a whole number of milliseconds from 100 to 86400000 (got ${raw})`]);
  }
  return { healthCheckIntervalMs: interval };
}
