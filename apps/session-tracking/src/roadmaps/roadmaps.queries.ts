import type { EventStore, SqlExecutor } from '@tandem/event-store';
import { fold, NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import { roadmapDecider, roadmapStreamId, type RoadmapEvent, type RoadmapState } from '@tandem/session-tracking-domain';
import type { RoadmapView } from './roadmaps.http';

export interface RoadmapRow extends Omit<RoadmapView, 'definedAt'> {
  definedAt: Date;
}
const ROADMAP_COLUMNS = `roadmap_id AS "roadmapId", program_id AS "programId", title, description, goals, status, defined_at AS "definedAt"`;
const roadmapView = (r: RoadmapRow): RoadmapView => ({ ...r, definedAt: r.definedAt.toISOString() });

export async function findRoadmap(db: SqlExecutor, tenantId: string, roadmapId: string): Promise<RoadmapView> {
  const { rows } = await db.query<RoadmapRow>(`SELECT ${ROADMAP_COLUMNS} FROM session_tracking.roadmaps WHERE tenant_id = $1 AND roadmap_id = $2`, [tenantId, roadmapId]);
  if (!rows[0]) throw new NotFoundError(`Roadmap ${roadmapId} not found`, 'roadmap.not_found');
  return roadmapView(rows[0]);
}

export function roadmapsPage(db: SqlExecutor, tenantId: string, programId: string, query: PageQuery): Promise<Page<RoadmapView>> {
  return pageOf<RoadmapRow, RoadmapView>(
    db,
    { select: ROADMAP_COLUMNS, from: `FROM session_tracking.roadmaps WHERE tenant_id = $1 AND program_id = $2`, params: [tenantId, programId], orderBy: 'defined_at, roadmap_id' },
    query,
    roadmapView,
  );
}

/** A roadmap as its stream has it (the goals decider adopts from this state, whatever the read model says). */
export async function roadmapState(store: EventStore, tenantId: string, roadmapId: string): Promise<RoadmapState> {
  const stream = await store.readStream<RoadmapEvent['data']>(tenantId, roadmapStreamId(roadmapId));
  return fold(roadmapDecider, stream.events.map((e) => ({ type: e.type, data: e.data }) as RoadmapEvent));
}
