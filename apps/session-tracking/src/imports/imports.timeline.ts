import { finalStatus, lastResumptionBefore, overdueAt, statusAt, type PairingTimeline, type TimelineStatus } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';

/**
 * Imported history judged as it was then: the pairing's timeline from the file's `pairing` record, or — for a row
 * whose pairing the file does not describe — the little session tracking's own copy knows (its start, its current
 * pause or end).
 */
function timelineOf(pairing: PairingRow, timeline: PairingTimeline | null): PairingTimeline {
  if (timeline) return timeline;
  const since = pairing.statusChangedAt.toISOString();
  return {
    startedAt: pairing.startedAt.toISOString(),
    pauses: pairing.status === 'paused' ? [{ pausedAt: since, resumedAt: null }] : [],
    ended: pairing.status === 'completed' || pairing.status === 'ended-early' ? { status: pairing.status, at: since } : null,
  };
}

/** Enrollment's events about the pairing are all here: the start and the status the file's timeline ends in. */
export function importReady(pairing: PairingRow, timeline: PairingTimeline | null): boolean {
  if (!timeline) return true;
  const final = finalStatus(timeline);
  return (
    pairing.startedAt.getTime() === Date.parse(timeline.startedAt) &&
    pairing.status === final.status &&
    pairing.statusChangedAt.getTime() === Date.parse(final.since)
  );
}

export const runningAt = (pairing: PairingRow, timeline: PairingTimeline | null, at: string): TimelineStatus => statusAt(timelineOf(pairing, timeline), at);

/** The pairing as it was at `at` (its status then, its last resumption by then), for the health decider. */
export function asOf(pairing: PairingRow, timeline: PairingTimeline | null, at: string): PairingRow {
  const resumed = timeline ? lastResumptionBefore(timeline, at) : pairing.resumedAt && pairing.resumedAt.getTime() <= Date.parse(at) ? pairing.resumedAt.toISOString() : null;
  const status = runningAt(pairing, timeline, at);
  return { ...pairing, status: status === 'not-started' ? 'active' : status, resumedAt: resumed ? new Date(resumed) : null };
}

/**
 * When the cadence window that was open at `until` closed, if it closed before `until`: its anchor is the latest of
 * the start, the last resumption and the last confirmed session so far (history is imported in time order).
 */
export function overdueSince(pairing: PairingRow, timeline: PairingTimeline | null, until: string): string | null {
  const view = asOf(pairing, timeline, until);
  const anchors = [view.startedAt, view.resumedAt, view.lastSessionAt].filter((d): d is Date => d !== null && d.getTime() <= Date.parse(until));
  if (anchors.length === 0) return null;
  const anchor = new Date(Math.max(...anchors.map((d) => d.getTime()))).toISOString();
  const deadline = overdueAt(anchor, pairing.windowDays);
  return Date.parse(deadline) < Date.parse(until) ? deadline : null;
}
