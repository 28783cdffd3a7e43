import { deterministicId } from '@tandem/event-store';
import type { LedgerEntryRow } from './training-hours.queries';

/** ISO-8601 duration of whole minutes: 90 → `PT1H30M`. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

export interface XapiContext {
  tenantId: string;
  programId: string;
  programName: string | null;
  userId: string;
  name: string | null;
}

const XAPI_BASE = 'https://tandem.dev';
export const XAPI_VERBS = {
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
} as const;

/**
 * A person's credited training hours as xAPI 1.0.3 statements for an LMS / LRS: one `completed` statement per
 * credited session with its current duration (`result.duration`, ISO-8601). Statement ids are derived from the
 * ledger entry and its correction count, so re-exporting is idempotent in an LRS; when a correction changes an
 * entry, the superseded statement is voided (`voided` verb, StatementRef) and a new one states the new duration.
 */
export function toXapiStatements(entries: LedgerEntryRow[], who: XapiContext): Record<string, unknown>[] {
  const actor = {
    objectType: 'Agent',
    ...(who.name ? { name: who.name } : {}),
    account: { homePage: `${XAPI_BASE}/tenants/${encodeURIComponent(who.tenantId)}`, name: who.userId },
  };
  const programActivity = {
    objectType: 'Activity',
    id: `${XAPI_BASE}/tenants/${encodeURIComponent(who.tenantId)}/programs/${encodeURIComponent(who.programId)}`,
    definition: { type: 'http://adlnet.gov/expapi/activities/course', ...(who.programName ? { name: { 'en-US': who.programName } } : {}) },
  };
  const statementId = (entryId: string, revision: number) => deterministicId('xapi', who.tenantId, entryId, String(revision));
  const statements: Record<string, unknown>[] = [];
  for (const credit of entries.filter((e) => e.kind === 'credit')) {
    const corrections = entries.filter((e) => e.correctsEntryId === credit.entryId);
    const values = corrections.reduce((v, c) => [...v, v[v.length - 1] + c.minutes], [credit.minutes]);
    const revision = values.length - 1;
    corrections.forEach((correction, i) => {
      if (values[i] > 0) {
        statements.push({
          id: deterministicId('xapi-void', who.tenantId, credit.entryId, String(i)),
          actor,
          verb: XAPI_VERBS.voided,
          object: { objectType: 'StatementRef', id: statementId(credit.entryId, i) },
          timestamp: correction.recordedAt.toISOString(),
          version: '1.0.3',
        });
      }
    });
    if (values[revision] <= 0) continue;
    statements.push({
      id: statementId(credit.entryId, revision),
      actor,
      verb: XAPI_VERBS.completed,
      object: {
        objectType: 'Activity',
        id: `${programActivity.id}/sessions/${credit.sessionId}`,
        definition: { type: 'http://adlnet.gov/expapi/activities/meeting', name: { 'en-US': 'Mentoring session' } },
      },
      result: { completion: true, duration: isoDuration(values[revision]) },
      context: {
        platform: 'Tandem',
        contextActivities: { parent: [programActivity] },
        extensions: {
          [`${XAPI_BASE}/xapi/extensions/role`]: credit.role,
          [`${XAPI_BASE}/xapi/extensions/ledger-entry`]: credit.entryId,
          [`${XAPI_BASE}/xapi/extensions/month`]: credit.month,
        },
      },
      timestamp: (credit.occurredAt ?? credit.recordedAt).toISOString(),
      version: '1.0.3',
    });
  }
  return statements.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
}
