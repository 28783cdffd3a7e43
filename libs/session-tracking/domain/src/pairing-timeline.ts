/**
 * The life of a pairing as an import describes it (start, pauses, end): what session tracking needs to judge
 * imported history as it was then — whether the pairing ran at a given time, and where its cadence window started.
 * Pure; times are ISO 8601.
 */
export type TimelineStatus = 'not-started' | 'active' | 'paused' | 'completed' | 'ended-early';

export interface PairingTimeline {
  startedAt: string;
  pauses: { pausedAt: string; resumedAt: string | null }[];
  ended: { status: 'completed' | 'ended-early'; at: string } | null;
}

const ms = (iso: string) => Date.parse(iso);

/** The pairing's status at `at`. */
export function statusAt(timeline: PairingTimeline, at: string): TimelineStatus {
  const t = ms(at);
  if (t < ms(timeline.startedAt)) return 'not-started';
  if (timeline.ended && t >= ms(timeline.ended.at)) return timeline.ended.status;
  const paused = timeline.pauses.some((p) => t >= ms(p.pausedAt) && (p.resumedAt === null || t < ms(p.resumedAt)));
  return paused ? 'paused' : 'active';
}

/** The latest resumption at or before `at`, if any (the cadence window restarts there: a pause is agreed, not a lapse). */
export function lastResumptionBefore(timeline: PairingTimeline, at: string): string | null {
  const resumed = timeline.pauses.map((p) => p.resumedAt).filter((r): r is string => r !== null && ms(r) <= ms(at));
  return resumed.length === 0 ? null : resumed.reduce((a, b) => (ms(a) >= ms(b) ? a : b));
}

/** Where the timeline ends up: the status enrollment's events leave the pairing in, and since when. */
export function finalStatus(timeline: PairingTimeline): { status: Exclude<TimelineStatus, 'not-started'>; since: string } {
  if (timeline.ended) return { status: timeline.ended.status, since: timeline.ended.at };
  const changes = [
    { status: 'active' as const, at: timeline.startedAt },
    ...timeline.pauses.flatMap((p) => [{ status: 'paused' as const, at: p.pausedAt }, ...(p.resumedAt ? [{ status: 'active' as const, at: p.resumedAt }] : [])]),
  ];
  const last = changes.reduce((a, b) => (ms(b.at) >= ms(a.at) ? b : a));
  return { status: last.status, since: last.at };
}

/** Every moment the pairing stopped running (a pause or its end), sorted: the cadence judged up to one of them. */
export function stops(timeline: PairingTimeline): string[] {
  return [...timeline.pauses.map((p) => p.pausedAt), ...(timeline.ended ? [timeline.ended.at] : [])].sort((a, b) => ms(a) - ms(b));
}
