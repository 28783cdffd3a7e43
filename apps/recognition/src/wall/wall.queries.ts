import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

/**
 * The recognition wall: awards, grants, kudos the mentor shared and competition winners — each shown only while the
 * person it is about consents to public acknowledgement in the program it belongs to. It is filtered at read time
 * from the consent itself (`recognition.participants`), never copied: a withdrawal, once recognition has consumed it,
 * removes every entry that depended on it from the next read of the wall and the feed, all at once.
 *
 * Consent in a program: the person has an application there and every one of their applications there says yes (a
 * withdrawal on any of them wins). A tenant-wide entry (a tenant-wide Mentor of the Year) needs consent in EVERY
 * program the person belongs to: it is shown to everyone in the tenant, so no program's withdrawal may be overruled.
 * A kudos names its giver (the mentee) only when they consent in the program too; otherwise "a mentee".
 */
export const WALL_KINDS = ['award', 'grant', 'kudos', 'winner'] as const;
export type WallKind = (typeof WALL_KINDS)[number];

export interface WallEntry {
  entryId: string;
  kind: WallKind;
  /** Null for a tenant-wide entry. */
  programId: string | null;
  personId: string;
  personName: string;
  title: string;
  /** The grant's citation, the shared kudos' message or the winner's citations — shown only with the person's consent. */
  text: string | null;
  /** The kudos' category, the badge's tier. */
  category: string | null;
  /** The mentee who gave the kudos, when they consent too. */
  fromName: string | null;
  occurredAt: string;
}

const CONSENT = `
  SELECT program_id, user_id, bool_and(public_consent) AS ok, max(name) AS name FROM recognition.participants WHERE tenant_id = $1 GROUP BY program_id, user_id`;

/** Every entry of the tenant that the people concerned consented to, by program (`program_id` null: tenant-wide). */
const ENTRIES = `
  WITH consent AS (${CONSENT}),
  tenant_consent AS (SELECT user_id, bool_and(ok) AS ok, max(name) AS name FROM consent GROUP BY user_id),
  entries AS (
    SELECT 'award:' || a.program_id || ':' || a.badge_id || ':' || a.person_id AS entry_id, 'award' AS kind, a.program_id, a.person_id,
      b.name AS title, NULL::text AS text, a.tier AS category, NULL::text AS from_id, a.earned_at AS occurred_at
    FROM recognition.awards a JOIN recognition.badges b ON b.tenant_id = a.tenant_id AND b.program_id = a.program_id AND b.badge_id = a.badge_id
    WHERE a.tenant_id = $1 AND a.status = 'awarded'
    UNION ALL
    SELECT 'grant:' || grant_id, 'grant', program_id, person_id, title, citation, tier, NULL, granted_at
    FROM recognition.grants g WHERE tenant_id = $1 AND status = 'granted'
      AND NOT EXISTS (SELECT 1 FROM recognition.competitions c WHERE c.tenant_id = $1 AND c.competition_id = g.grant_id) -- a winner's award: the winner entry
    UNION ALL
    SELECT 'kudos:' || kudos_id, 'kudos', program_id, mentor_id, 'Kudos for ' || category, message, category, mentee_id, given_at
    FROM recognition.kudos WHERE tenant_id = $1 AND shared
    UNION ALL
    SELECT 'winner:' || competition_id, 'winner', program_id, winner_id, title, NULL, NULL, NULL, closed_at
    FROM recognition.competitions WHERE tenant_id = $1 AND status = 'closed' AND winner_id IS NOT NULL
  )
  SELECT e.*, COALESCE(pc.name, tc.name) AS person_name, g.name AS from_name
  FROM entries e
  LEFT JOIN consent pc ON e.program_id IS NOT NULL AND pc.program_id = e.program_id AND pc.user_id = e.person_id
  LEFT JOIN tenant_consent tc ON e.program_id IS NULL AND tc.user_id = e.person_id
  LEFT JOIN consent g ON g.program_id = e.program_id AND g.user_id = e.from_id AND g.ok
  WHERE COALESCE(pc.ok, tc.ok, false)`;

const SELECT = `entry_id AS "entryId", kind, program_id AS "programId", person_id AS "personId", COALESCE(NULLIF(person_name, ''), person_id) AS "personName", title, text,
  category, CASE WHEN from_id IS NULL THEN NULL ELSE COALESCE(NULLIF(from_name, ''), 'a mentee') END AS "fromName", occurred_at AS "occurredAt"`;

export interface WallFilter {
  programId?: string;
  kind?: WallKind;
  personId?: string;
}

/** One page of the tenant's wall, newest first. */
export function wallPage(db: SqlExecutor, tenantId: string, filter: WallFilter, page: PageQuery): Promise<Page<WallEntry>> {
  const params: unknown[] = [tenantId];
  const where = ['true'];
  for (const [column, value] of [['program_id', filter.programId], ['kind', filter.kind], ['person_id', filter.personId]] as const) {
    if (value !== undefined) where.push(`${column} = $${params.push(value)}`);
  }
  return pageOf(db, { select: SELECT, from: `FROM (${ENTRIES}) wall WHERE ${where.join(' AND ')}`, params, orderBy: 'occurred_at DESC, entry_id' }, page, (e: WallEntry) => ({
    ...e,
    occurredAt: new Date(e.occurredAt).toISOString(),
  }));
}

/** The tenant whose feed secret hashes to `secretHash` (none: the URL is unknown or was rotated away). */
export async function feedTenant(db: SqlExecutor, secretHash: string): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>(`SELECT tenant_id FROM recognition.wall_feeds WHERE secret_hash = $1`, [secretHash]);
  return rows[0]?.tenant_id;
}

export interface FeedInfo {
  rotation: number;
  rotatedBy: string;
  rotatedAt: string;
}

export async function feedInfo(db: SqlExecutor, tenantId: string): Promise<FeedInfo | undefined> {
  const { rows } = await db.query<FeedInfo>(`SELECT rotation, rotated_by AS "rotatedBy", updated_at AS "rotatedAt" FROM recognition.wall_feeds WHERE tenant_id = $1`, [tenantId]);
  return rows[0] && { ...rows[0], rotatedAt: new Date(rows[0].rotatedAt).toISOString() };
}
