import {
  applicationDecider,
  pairingDecider,
  programDecider,
  type ApplicationEvent,
  type MatchingRunRecordedEvent,
  type PairingEvent,
  type ProgramEvent,
} from '@tandem/enrollment-domain';
import { fold, type DomainEvent } from '@tandem/kernel';
import type { Database, EventStore, Transaction } from '@tandem/event-store';
import { projectApplication } from '../applications/applications.projection';
import { projectMatchingRun } from '../matching/matching.projection';
import { projectPairing } from '../pairings/pairings.projection';
import { projectProgram } from '../programs/programs.projection';

const TABLES = ['enrollment.pairings', 'enrollment.matching_runs', 'enrollment.applications', 'enrollment.programs'];
// Applications before runs (a run's read model names its unmatched applicants).
const CATEGORIES = ['Program-', 'Application-', 'MatchingRun-', 'Pairing-'] as const;

/**
 * Rebuilds enrollment's read models from the event store: every stream is folded again and its row rewritten by
 * the same projection function of its slice that the commands run inline.
 * Runs in one transaction, so readers keep seeing the old rows until the new ones commit (no empty window);
 * every rewritten row is stamped `rebuiltAt`.
 * Needed when a read model is added or changed after events exist (projections are otherwise inline).
 */
export async function rebuildEnrollmentReadModels(store: EventStore, db: Database, rebuiltAt: Date, progress: (line: string) => void = () => undefined) {
  const now = rebuiltAt.toISOString();
  return db.transaction(async (tx) => {
    for (const table of TABLES) await tx.query(`DELETE FROM ${table}`);
    const counts: Record<string, number> = {};
    for (const category of CATEGORIES) {
      const { rows: streams } = await tx.query<{ tenant_id: string; stream_id: string }>(
        `SELECT tenant_id, stream_id FROM event_store.streams WHERE stream_id LIKE $1 || '%' ORDER BY created_at, tenant_id, stream_id`,
        [category],
      );
      const names = category === 'MatchingRun-' ? await applicantNames(tx) : new Map<string, string>();
      for (const [index, { tenant_id: tenantId, stream_id: streamId }] of streams.entries()) {
        const { version, events } = await store.loadStream(tenantId, streamId, tx);
        const domainEvents = events.map((e) => ({ type: e.type, data: e.data }) as DomainEvent);
        await project(tx, category, tenantId, domainEvents, version, names, now);
        if ((index + 1) % 1000 === 0 || index + 1 === streams.length) progress(`[rebuild] ${category.slice(0, -1)}: ${index + 1}/${streams.length} streams`);
      }
      counts[category.slice(0, -1)] = streams.length;
    }
    return counts;
  });
}

async function project(tx: Transaction, category: (typeof CATEGORIES)[number], tenantId: string, events: DomainEvent[], version: number, names: Map<string, string>, now: string) {
  switch (category) {
    case 'Program-':
      return projectProgram(tx, tenantId, fold(programDecider, events as ProgramEvent[]), version, now);
    case 'Application-':
      return projectApplication(tx, tenantId, fold(applicationDecider, events as ApplicationEvent[]), version, now);
    case 'MatchingRun-':
      return projectMatchingRun(tx, tenantId, events[0] as MatchingRunRecordedEvent, names);
    case 'Pairing-':
      return projectPairing(tx, tenantId, fold(pairingDecider, events as PairingEvent[]), version, events as PairingEvent[], now);
  }
}

async function applicantNames(tx: Transaction): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ application_id: string; name: string }>(`SELECT application_id, name FROM enrollment.applications`);
  return new Map(rows.map((r) => [r.application_id, r.name]));
}
