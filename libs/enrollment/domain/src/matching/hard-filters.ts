/**
 * The hard filters: a pair is infeasible if the mentor has no capacity, they are the same person, they are in
 * the same reporting line, they share no language, their time zones are too far apart (around the clock), a
 * must-have attribute is missing or differs, or the pair was excluded (rejected or declined earlier).
 */
import type { CanonicalParticipant } from './canonical-input';
import type { InternedSide } from './interned-cohort';
import { fmtHours, fmtList } from './reason-text';
import { intersects, lowerBound } from './sorted-int-sets';
import { tzDistanceMinutes, workingHoursOverlapMinutes } from './time-zones';
import { HARD_FILTERS, type HardFilter, type HardFilterViolation } from './types';

const bit = (filter: HardFilter) => 1 << HARD_FILTERS.indexOf(filter);
const EXCLUDED = bit('excluded');
const LANGUAGE = bit('language');
const TIME_ZONE = bit('time-zone');
const REPORTING_LINE = bit('reporting-line');
const MUST_HAVE = bit('must-have');
const CAPACITY = bit('capacity');
const SAME_PERSON = bit('same-person');
const DAY = 1440;

export class HardFilters {
  private readonly mustHaveCount: number;
  /** Employees that appear in some mentor's management chain. */
  private readonly inMentorChain: Uint8Array;
  /** Mentor indexes ordered by time-zone offset, and those offsets. */
  private readonly mentorsByTz: Int32Array;
  private readonly sortedTz: Int32Array;
  private readonly mark: Int32Array;
  private markStamp = 0;

  constructor(
    private readonly mentees: CanonicalParticipant[],
    private readonly mentors: CanonicalParticipant[],
    private readonly eSide: InternedSide,
    private readonly mSide: InternedSide,
    employeeCount: number,
    /** Mentor capacities (a mentor with 0 is never feasible). */
    private readonly capacity: Int32Array,
    private readonly mustHaves: string[],
    private readonly maxTzMinutes: number,
    /** Excluded pairs: mentee index → mentor index → reason. */
    private readonly excluded: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map(),
  ) {
    this.mustHaveCount = mustHaves.length;
    this.inMentorChain = new Uint8Array(employeeCount);
    for (const chain of mSide.chain) for (const c of chain) this.inMentorChain[c] = 1;
    this.mark = new Int32Array(employeeCount);
    this.mentorsByTz = Int32Array.from(mentors.map((_, i) => i)).sort((a, b) => mSide.tz[a] - mSide.tz[b] || a - b);
    this.sortedTz = Int32Array.from(this.mentorsByTz, (i) => mSide.tz[i]);
  }

  /**
   * Writes every mentor passing all hard filters for mentee `e` into `out[0…count-1]` (in time-zone order, not
   * id order) and returns the count. Only mentors inside the mentee's time-zone window are visited.
   */
  feasibleMentors(e: number, out: Int32Array): number {
    const stamp = ++this.markStamp;
    const mark = this.mark;
    for (const a of this.eSide.chain[e]) mark[a] = stamp;
    const emp = this.eSide.emp[e];
    const pid = this.eSide.pid[e];
    const mgr = this.eSide.mgr[e];
    const mSide = this.mSide;

    const checkMentorChains = this.inMentorChain[emp] === 1;
    const tz = this.eSide.tz[e];
    const excluded = this.excluded.get(e);
    const max = this.maxTzMinutes;
    // The window around the clock: [tz − max, tz + max] and its copies a day earlier and later (disjoint while
    // max < 12 h; from 12 h on every mentor is inside).
    const windows = max >= DAY / 2 ? [[-Infinity, Infinity]] : [[tz - max, tz + max], [tz - max - DAY, tz + max - DAY], [tz - max + DAY, tz + max + DAY]];
    let feasible = 0;
    for (const [from, to] of windows) {
      const lo = from === -Infinity ? 0 : lowerBound(this.sortedTz, from);
      const hi = to === Infinity ? this.sortedTz.length : lowerBound(this.sortedTz, to + 1);
      for (let k = lo; k < hi; k++) {
        const m = this.mentorsByTz[k];
        if (this.capacity[m] === 0) continue;
        const mEmp = mSide.emp[m];
        if (mEmp === emp || mSide.pid[m] === pid) continue;
        if (mark[mEmp] === stamp) continue; // the mentor manages the mentee, directly or further up
        if (mgr >= 0 && mSide.mgr[m] === mgr) continue; // same direct manager
        if (checkMentorChains && mSide.chain[m].includes(emp)) continue; // the mentee manages the mentor
        if (!intersects(this.eSide.lang, e, mSide.lang, m)) continue;
        if (this.mustHaveCount > 0 && !this.mustHavesEqual(e, m)) continue;
        if (excluded?.has(m)) continue;
        out[feasible++] = m;
      }
    }
    return feasible;
  }

  /** The same filters as `feasibleMentors`, for one pair. */
  feasible(e: number, m: number): boolean {
    if (this.capacity[m] === 0) return false;
    if (this.excluded.get(e)?.has(m)) return false;
    const emp = this.eSide.emp[e];
    const mEmp = this.mSide.emp[m];
    if (mEmp === emp || this.mSide.pid[m] === this.eSide.pid[e]) return false;
    if (this.eSide.chain[e].includes(mEmp) || this.mSide.chain[m].includes(emp)) return false;
    if (this.eSide.mgr[e] >= 0 && this.mSide.mgr[m] === this.eSide.mgr[e]) return false;
    if (tzDistanceMinutes(this.eSide.tz[e], this.mSide.tz[m]) > this.maxTzMinutes) return false;
    if (!intersects(this.eSide.lang, e, this.mSide.lang, m)) return false;
    if (this.mustHaveCount > 0 && !this.mustHavesEqual(e, m)) return false;
    return true;
  }

  /** Every hard filter the pair fails, with a human reason (empty when the pair is feasible). */
  violations(e: number, m: number): HardFilterViolation[] {
    const mentee = this.mentees[e];
    const mentor = this.mentors[m];
    const out: HardFilterViolation[] = [];
    if (mentor.capacity === 0) out.push({ filter: 'capacity', reason: `${mentor.participantId} has no mentoring capacity` });
    if (mentor.participantId === mentee.participantId || mentor.employeeId === mentee.employeeId) {
      out.push({ filter: 'same-person', reason: `mentor and mentee are the same person (${mentee.employeeId})` });
    }
    const up = mentee.chain.indexOf(mentor.employeeId);
    const down = mentor.chain.indexOf(mentee.employeeId);
    if (up >= 0) {
      out.push({ filter: 'reporting-line', reason: up === 0 ? `mentor ${mentor.employeeId} is the mentee's direct manager` : `mentor ${mentor.employeeId} is in the mentee's management chain (${up + 1} levels up)` });
    } else if (down >= 0) {
      out.push({ filter: 'reporting-line', reason: down === 0 ? `mentee ${mentee.employeeId} is the mentor's direct manager` : `mentee ${mentee.employeeId} is in the mentor's management chain (${down + 1} levels up)` });
    } else if (mentee.managerId !== null && mentee.managerId === mentor.managerId) {
      out.push({ filter: 'reporting-line', reason: `both report to ${mentee.managerId}` });
    }
    if (!intersects(this.eSide.lang, e, this.mSide.lang, m)) {
      out.push({ filter: 'language', reason: `no shared language (mentee: ${fmtList(mentee.languages) || 'none'}; mentor: ${fmtList(mentor.languages) || 'none'})` });
    }
    const diff = tzDistanceMinutes(mentee.timeZoneOffsetMinutes, mentor.timeZoneOffsetMinutes);
    if (diff > this.maxTzMinutes) {
      const overlap = workingHoursOverlapMinutes(mentee.timeZoneOffsetMinutes, mentor.timeZoneOffsetMinutes);
      out.push({ filter: 'time-zone', reason: `time zones ${fmtHours(diff)} apart (max ${fmtHours(this.maxTzMinutes)}; ${fmtHours(overlap)} of shared working hours)` });
    }
    this.mustHaves.forEach((attribute, i) => {
      const a = mentee.mustHave[i];
      const b = mentor.mustHave[i];
      if (a === null || b === null) out.push({ filter: 'must-have', reason: `must-have "${attribute}" is missing on the ${a === null ? 'mentee' : 'mentor'}` });
      else if (a !== b) out.push({ filter: 'must-have', reason: `must-have "${attribute}" differs (mentee: ${a}; mentor: ${b})` });
    });
    const exclusion = this.excluded.get(e)?.get(m);
    if (exclusion !== undefined) out.push({ filter: 'excluded', reason: exclusion || 'rejected or declined earlier in this program' });
    return out;
  }

  /** The filters the pair fails as a bit set over `HARD_FILTERS` (no strings: cheap enough for every mentor). */
  failedMask(e: number, m: number): number {
    let mask = 0;
    if (this.capacity[m] === 0) mask |= CAPACITY;
    const emp = this.eSide.emp[e];
    const mEmp = this.mSide.emp[m];
    if (mEmp === emp || this.mSide.pid[m] === this.eSide.pid[e]) mask |= SAME_PERSON;
    if (this.eSide.chain[e].includes(mEmp) || this.mSide.chain[m].includes(emp) || (this.eSide.mgr[e] >= 0 && this.mSide.mgr[m] === this.eSide.mgr[e])) mask |= REPORTING_LINE;
    if (!intersects(this.eSide.lang, e, this.mSide.lang, m)) mask |= LANGUAGE;
    if (tzDistanceMinutes(this.eSide.tz[e], this.mSide.tz[m]) > this.maxTzMinutes) mask |= TIME_ZONE;
    if (this.mustHaveCount > 0 && !this.mustHavesEqual(e, m)) mask |= MUST_HAVE;
    if (this.excluded.get(e)?.has(m)) mask |= EXCLUDED;
    return mask;
  }

  private mustHavesEqual(e: number, m: number): boolean {
    const h = this.mustHaveCount;
    for (let i = 0; i < h; i++) {
      const a = this.eSide.must[e * h + i];
      if (a < 0 || a !== this.mSide.must[m * h + i]) return false;
    }
    return true;
  }
}
