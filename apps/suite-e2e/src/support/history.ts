/**
 * A program's history in the import format (docs/import), generated from its indices so anyone can reproduce it,
 * with the totals the import must produce computed here from the records alone: sessions, minutes, ratings and
 * training hours (today's policy: each session rounded up to 15 minutes, at most 8 hours per person and month) per
 * calendar month (UTC), and the at-risk episodes a 2-sessions-a-month cadence (a 23-day window) implies.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const WINDOW_DAYS = 23;
const iso = (ms: number) => new Date(ms).toISOString();
const monthOf = (ms: number) => iso(ms).slice(0, 7);

export interface HistoryTotals {
  /** Per month: confirmed sessions, their minutes, every rating of them, credited training minutes (both sides). */
  months: Map<string, { sessions: number; minutes: number; ratings: number[]; trainingMinutes: number }>;
  /** Per person (user id) and month: credited minutes after rounding and the cap. */
  ledgers: Map<string, Map<string, number>>;
  /** The at-risk episodes: pairing, the moment the window closed and the recovery (the next session's confirmation; null: none). */
  atRisk: { pairingRef: string; overdueSince: string; recoveredAt: string | null }[];
  participants: number;
  pairings: number;
  sessions: number;
  feedback: number;
  goals: number;
  outcomes: number;
  cappedPersonMonths: number;
}

export interface GeneratedHistory {
  records: Record<string, unknown>[];
  totals: HistoryTotals;
}

/**
 * `pairs` mentor–mentee pairs (2 × pairs participants), each started in the first days of the month `months`
 * months before `now`'s, meeting every 14 days. Variations by index: every fifth pair skips two sessions (one
 * at-risk episode), every fourth completes early, pair 4 pauses for four weeks, pair 2 has a month of long sessions
 * (its ledgers hit the monthly cap), every third with a verified promotion; goals for all, achieved by half.
 */
export function generateHistory(options: { pairs: number; months: number; now: Date; userPrefix: string; verifier: string }): GeneratedHistory {
  const { pairs, months, now, userPrefix, verifier } = options;
  const nowMs = now.getTime();
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1, 9);
  const participants: Record<string, unknown>[] = [];
  const pairings: Record<string, unknown>[] = [];
  const rows: Record<string, unknown>[] = [];
  const totals: HistoryTotals = {
    months: new Map(), ledgers: new Map(), atRisk: [], participants: 2 * pairs, pairings: pairs, sessions: 0, feedback: 0, goals: 0, outcomes: 0, cappedPersonMonths: 0,
  };
  const month = (m: string) => {
    if (!totals.months.has(m)) totals.months.set(m, { sessions: 0, minutes: 0, ratings: [], trainingMinutes: 0 });
    return totals.months.get(m)!;
  };
  const rawLedger = new Map<string, Map<string, number>>();
  const credit = (userId: string, m: string, minutes: number) => {
    const person = rawLedger.get(userId) ?? new Map<string, number>();
    person.set(m, (person.get(m) ?? 0) + Math.ceil(minutes / 15) * 15);
    rawLedger.set(userId, person);
  };

  for (let k = 0; k < pairs; k++) {
    const mentor = { employeeId: `M-${k}`, userId: `${userPrefix}mentor-${k}` };
    const mentee = { employeeId: `E-${k}`, userId: `${userPrefix}mentee-${k}` };
    const joinedAt = iso(first - 7 * DAY + k * HOUR);
    participants.push(
      { record: 'participant', ...mentor, name: `Mentor ${k}`, email: `mentor-${k}@example.com`, role: 'mentor', timeZone: 'Europe/London', department: 'Engineering', languages: ['en'], skillsOffered: ['kafka'], mentorCapacity: 2, joinedAt },
      { record: 'participant', ...mentee, name: `Mentee ${k}`, email: `mentee-${k}@example.com`, role: 'mentee', timeZone: 'Europe/Berlin', department: 'Sales', languages: ['en', 'de'], skillsSought: ['kafka'], joinedAt },
    );
    const pairingRef = `pairing-${k}`;
    const start = first + k * HOUR;
    const completes = k % 4 === 3;
    const pause = k === 4 ? { pausedAt: start + 45 * DAY, resumedAt: start + 73 * DAY } : null;
    let times: { at: number; minutes: number }[] = [];
    for (let j = 0; ; j++) {
      const at = start + DAY + j * 14 * DAY + (k % 3) * HOUR;
      if (at > nowMs - 2 * DAY || (completes && j > 9)) break;
      if (k % 5 === 1 && (j === 5 || j === 6)) continue;
      if (pause && at >= pause.pausedAt && at < pause.resumedAt) continue;
      times.push({ at, minutes: 30 + 15 * (j % 3) + (k % 2) * 5 });
    }
    if (k === 2) for (let d = 0; d < 5; d++) times.push({ at: start + 62 * DAY + d * 2 * DAY + 3 * HOUR, minutes: 120 });
    times = times.sort((a, b) => a.at - b.at);
    const last = times[times.length - 1].at;
    const endedAt = completes ? last + 3 * DAY : null;
    pairings.push({
      record: 'pairing', pairingRef, mentorEmployeeId: mentor.employeeId, menteeEmployeeId: mentee.employeeId, startedAt: iso(start),
      ...(pause ? { pauses: [{ pausedAt: iso(pause.pausedAt), resumedAt: iso(pause.resumedAt) }] } : {}),
      ...(endedAt ? { ended: { status: 'completed', at: iso(endedAt) } } : {}),
    });
    let anchor = start;
    times.forEach(({ at, minutes }, j) => {
      const sessionRef = `${pairingRef}-session-${j}`;
      const resumed = pause && pause.resumedAt <= at ? pause.resumedAt : 0;
      const deadline = Math.max(anchor, resumed) + WINDOW_DAYS * DAY;
      const pausedAtDeadline = pause && deadline >= pause.pausedAt && deadline < pause.resumedAt;
      if (deadline < at && !pausedAtDeadline) totals.atRisk.push({ pairingRef, overdueSince: iso(deadline), recoveredAt: iso(at + 20 * HOUR) });
      anchor = at;
      rows.push({ record: 'session', sessionRef, pairingRef, occurredAt: iso(at), minutes, format: j % 2 ? 'video' : 'in-person', reportedBy: j % 2 ? 'mentee' : 'mentor', confirmedAt: iso(at + 20 * HOUR) });
      const m = month(monthOf(at));
      m.sessions++;
      m.minutes += minutes;
      credit(mentor.userId, monthOf(at), minutes);
      credit(mentee.userId, monthOf(at), minutes);
      totals.sessions++;
      const menteeRating = 3 + ((k + j) % 3);
      rows.push({ record: 'feedback', sessionRef, pairingRef, by: 'mentee', rating: menteeRating, submittedAt: iso(at + 22 * HOUR) });
      m.ratings.push(menteeRating);
      totals.feedback++;
      if (j % 2 === 0) {
        const mentorRating = 4 + (k % 2);
        rows.push({ record: 'feedback', sessionRef, pairingRef, by: 'mentor', rating: mentorRating, submittedAt: iso(at + 23 * HOUR) });
        m.ratings.push(mentorRating);
        totals.feedback++;
      }
    });
    const trailing = Math.max(anchor, pause?.resumedAt ?? 0) + WINDOW_DAYS * DAY;
    if (trailing < (endedAt ?? nowMs)) totals.atRisk.push({ pairingRef, overdueSince: iso(trailing), recoveredAt: null });
    rows.push({
      record: 'goal', goalRef: `${pairingRef}-goal`, pairingRef, setBy: 'mentee', title: 'Lead a design review', metric: 'design reviews led', target: 1,
      relevance: 'Next step to senior engineer', setAt: iso(start + 2 * DAY), dueOn: iso(start + 150 * DAY).slice(0, 10),
      ...(k % 2 === 0 ? { achievedAt: iso(start + 100 * DAY) } : {}),
    });
    totals.goals++;
    if (k % 3 === 0) {
      rows.push({
        record: 'outcome', outcomeRef: `${pairingRef}-promotion`, pairingRef, kind: 'promotion', title: 'Promoted', achievedOn: iso(start + 110 * DAY).slice(0, 10),
        beneficiary: 'mentee', reportedBy: 'mentee', reportedAt: iso(start + 111 * DAY), verifiedBy: verifier, verifiedAt: iso(start + 112 * DAY),
      });
      totals.outcomes++;
    }
  }
  for (const [userId, byMonth] of rawLedger) {
    const capped = new Map<string, number>();
    for (const [m, minutes] of byMonth) {
      capped.set(m, Math.min(minutes, 480));
      if (minutes > 480) totals.cappedPersonMonths++;
      month(m).trainingMinutes += Math.min(minutes, 480);
    }
    totals.ledgers.set(userId, capped);
  }
  return { records: [...participants, ...pairings, ...rows], totals };
}

export const ndjson = (records: Record<string, unknown>[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
