/**
 * A validated, canonical, interned view of a matching input: hard filters and the compatibility score,
 * fast enough to evaluate tens of millions of mentor–mentee pairs.
 *
 * Canonical means: participants sorted by id, free-text tokens trimmed, lower-cased, de-duplicated and sorted,
 * the org chart reduced to each participant's management chain. The whole result of a run depends on this
 * canonical form only (see `fingerprint.ts`), which is what makes "same inputs → same result" provable.
 */
import { InvalidCommandError } from '@tandem/kernel';
import {
  MATCHING_CRITERIA,
  type CriterionScore,
  type HardFilterViolation,
  type MatchingCriterion,
  type MatchingInput,
  type MatchingObjective,
  type MatchingParticipant,
  type ScoreBreakdown,
} from './types';

/** Scores are handled as integers in thousandths of a point (0 – 100 000). */
export const SCORE_SCALE = 1000;
export const MAX_SCORE_UNITS = 100 * SCORE_SCALE;
export const DEFAULT_CANDIDATES_PER_MENTEE = 20;
export const DEFAULT_PRICING_ROUNDS = 2;
const MIN_OFFSET_MINUTES = -720;
const MAX_OFFSET_MINUTES = 840;
const MAX_TZ_WINDOW_HOURS = 26;

export interface CanonicalParticipant {
  participantId: string;
  employeeId: string;
  managerId: string | null;
  /** Management chain above the participant, direct manager first (cycle-guarded). */
  chain: string[];
  timeZoneOffsetMinutes: number;
  languages: string[];
  /** Offered (mentors) or sought (mentees). */
  skills: string[];
  goals: string[];
  interests: string[];
  department: string;
  /** Mentors only (0 for mentees). */
  capacity: number;
  /** Values of the policy's must-have attributes, in `policy.mustHaves` order; null when missing. */
  mustHave: (string | null)[];
}

export interface CanonicalPolicy {
  weights: Record<MatchingCriterion, number>;
  /** Attribute names, sorted and de-duplicated (mode is always 'equal'). */
  mustHaves: string[];
  maxTimeZoneDifferenceHours: number;
  objective: MatchingObjective;
  minimumScore: number;
}

export interface CanonicalOptions {
  candidatesPerMentee: number | 'all';
  candidatesPerMentorSlot: number | 'all';
  pricingRounds: number;
}

const invalid = (message: string, details?: Record<string, unknown>) =>
  new InvalidCommandError(message, 'matching.invalid_input', details);

/** Trim, collapse inner white space, lower-case (Unicode NFC). */
export function normalizeToken(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function normalizeSet(values: readonly string[] | undefined, field: string, who: string): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalid(`${field} of ${who} must be a list`, { field, participantId: who });
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string') throw invalid(`${field} of ${who} must be strings`, { field, participantId: who });
    const t = normalizeToken(v);
    if (t !== '') out.add(t);
  }
  return [...out].sort(byCodeUnits);
}

const nonEmpty = (v: unknown, field: string, who: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${field} of ${who} must be a non-empty string`, { field, participantId: who });
  return v;
};

/**
 * The org chart as employee id → manager id, from the participants (plus `extra` entries for people who are not
 * participants, e.g. senior managers). A participant's own `managerId` wins over an extra entry.
 */
export function buildOrgChart(
  participants: Iterable<Pick<MatchingParticipant, 'employeeId' | 'managerId'>>,
  extra?: Iterable<readonly [string, string | null]>,
): Map<string, string | null> {
  const chart = new Map<string, string | null>(extra ?? []);
  for (const p of participants) chart.set(p.employeeId, p.managerId ?? null);
  return chart;
}

function managementChain(selfEmployee: string, managerId: string | null, chart: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>([selfEmployee]);
  let current = managerId;
  while (current !== null && current !== undefined && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = chart.get(current) ?? null;
  }
  return chain;
}

function canonicalPolicy(input: MatchingInput): CanonicalPolicy {
  const p = input.policy;
  if (!p || typeof p !== 'object') throw invalid('A matching policy is required');
  const weights = {} as Record<MatchingCriterion, number>;
  let sum = 0;
  for (const c of MATCHING_CRITERIA) {
    const w = p.weights?.[c] ?? 0;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw invalid(`Weight of ${c} must be a non-negative number`, { field: `weights.${c}` });
    weights[c] = w;
    sum += w;
  }
  if (!(sum > 0)) throw invalid('At least one matching weight must be positive', { field: 'weights' });
  const tz = p.maxTimeZoneDifferenceHours;
  if (typeof tz !== 'number' || !Number.isFinite(tz) || tz < 0 || tz > MAX_TZ_WINDOW_HOURS) {
    throw invalid(`maxTimeZoneDifferenceHours must be within [0, ${MAX_TZ_WINDOW_HOURS}]`, { field: 'maxTimeZoneDifferenceHours' });
  }
  if (p.objective !== 'most-participation' && p.objective !== 'best-quality') throw invalid(`Unknown objective ${String(p.objective)}`, { field: 'objective' });
  const min = p.minimumScore ?? 0;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 100) throw invalid('minimumScore must be within [0, 100]', { field: 'minimumScore' });
  const attributes = new Set<string>();
  for (const m of p.mustHaves ?? []) {
    if (m.mode !== 'equal') throw invalid(`Unknown must-have mode ${String(m.mode)}`, { field: 'mustHaves' });
    nonEmpty(m.attribute, 'mustHaves.attribute', 'policy');
    attributes.add(m.attribute.trim());
  }
  return {
    weights,
    mustHaves: [...attributes].sort(byCodeUnits),
    maxTimeZoneDifferenceHours: tz,
    objective: p.objective,
    minimumScore: Math.round(min * SCORE_SCALE) / SCORE_SCALE,
  };
}

function canonicalOptions(input: MatchingInput): CanonicalOptions {
  const o = input.options ?? {};
  const limit = (v: number | undefined, fallback: number | 'all', field: string, min: number): number | 'all' => {
    if (v === undefined) return fallback;
    if (v === Infinity) return 'all';
    if (!Number.isInteger(v) || v < min) throw invalid(`${field} must be an integer ≥ ${min} or Infinity`, { field });
    return v;
  };
  const k = limit(o.candidatesPerMentee, DEFAULT_CANDIDATES_PER_MENTEE, 'candidatesPerMentee', 1);
  const rounds = o.pricingRounds ?? DEFAULT_PRICING_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 0) throw invalid('pricingRounds must be a non-negative integer', { field: 'pricingRounds' });
  return { candidatesPerMentee: k, candidatesPerMentorSlot: limit(o.candidatesPerMentorSlot, k, 'candidatesPerMentorSlot', 0), pricingRounds: rounds };
}

/** Validated, normalized and sorted by id; `chain` is filled in later, once the whole org chart is known. */
function canonicalParticipants(list: readonly MatchingParticipant[], role: 'mentor' | 'mentee', mustHaves: string[]): CanonicalParticipant[] {
  if (!Array.isArray(list)) throw invalid(`${role}s must be a list`);
  const out = list.map((p): CanonicalParticipant => {
    const id = nonEmpty(p?.participantId, 'participantId', `a ${role}`);
    const employeeId = nonEmpty(p.employeeId, 'employeeId', id);
    const managerId = p.managerId === null || p.managerId === undefined ? null : nonEmpty(p.managerId, 'managerId', id);
    const tz = p.timeZoneOffsetMinutes;
    if (!Number.isInteger(tz) || tz < MIN_OFFSET_MINUTES || tz > MAX_OFFSET_MINUTES) {
      throw invalid(`timeZoneOffsetMinutes of ${id} must be an integer within [${MIN_OFFSET_MINUTES}, ${MAX_OFFSET_MINUTES}]`, { participantId: id });
    }
    let capacity = 0;
    if (role === 'mentor') {
      capacity = p.mentorCapacity ?? 1;
      if (!Number.isInteger(capacity) || capacity < 0) throw invalid(`mentorCapacity of ${id} must be a non-negative integer`, { participantId: id });
    }
    const attributes = p.attributes ?? {};
    return {
      participantId: id,
      employeeId,
      managerId,
      chain: [],
      timeZoneOffsetMinutes: tz,
      languages: normalizeSet(p.languages, 'languages', id),
      skills: normalizeSet(role === 'mentor' ? p.skillsOffered : p.skillsSought, role === 'mentor' ? 'skillsOffered' : 'skillsSought', id),
      goals: normalizeSet(p.goals, 'goals', id),
      interests: normalizeSet(p.interests, 'interests', id),
      department: normalizeToken(typeof p.department === 'string' ? p.department : ''),
      capacity,
      mustHave: mustHaves.map((a) => {
        const v = Object.prototype.hasOwnProperty.call(attributes, a) ? attributes[a] : undefined;
        const t = typeof v === 'string' ? normalizeToken(v) : '';
        return t === '' ? null : t;
      }),
    };
  });
  out.sort((a, b) => byCodeUnits(a.participantId, b.participantId));
  for (let i = 1; i < out.length; i++) {
    if (out[i].participantId === out[i - 1].participantId) {
      throw new InvalidCommandError(`Duplicate ${role} ${out[i].participantId}`, 'matching.duplicate_participant', { participantId: out[i].participantId });
    }
  }
  return out;
}

// ---- small sorted-int-set helpers ------------------------------------------------------------------------

/** Many small sorted int sets in one flat array: set i is data[start[i] … start[i+1]-1]. */
class SetPool {
  readonly start: Int32Array;
  readonly data: Int32Array;

  constructor(sets: Int32Array[]) {
    this.start = new Int32Array(sets.length + 1);
    sets.forEach((set, i) => (this.start[i + 1] = this.start[i] + set.length));
    this.data = new Int32Array(this.start[sets.length]);
    sets.forEach((set, i) => this.data.set(set, this.start[i]));
  }

  size(i: number): number {
    return this.start[i + 1] - this.start[i];
  }
}

function intersectionSize(a: SetPool, i: number, b: SetPool, j: number): number {
  const ad = a.data;
  const bd = b.data;
  let x = a.start[i];
  const xEnd = a.start[i + 1];
  let y = b.start[j];
  const yEnd = b.start[j + 1];
  let n = 0;
  while (x < xEnd && y < yEnd) {
    const u = ad[x];
    const v = bd[y];
    if (u === v) {
      n++;
      x++;
      y++;
    } else if (u < v) x++;
    else y++;
  }
  return n;
}

function intersects(a: SetPool, i: number, b: SetPool, j: number): boolean {
  const ad = a.data;
  const bd = b.data;
  let x = a.start[i];
  const xEnd = a.start[i + 1];
  let y = b.start[j];
  const yEnd = b.start[j + 1];
  while (x < xEnd && y < yEnd) {
    const u = ad[x];
    const v = bd[y];
    if (u === v) return true;
    if (u < v) x++;
    else y++;
  }
  return false;
}

function jaccard(a: SetPool, i: number, b: SetPool, j: number): number {
  const sa = a.size(i);
  const sb = b.size(j);
  if (sa === 0 && sb === 0) return 0;
  const inter = intersectionSize(a, i, b, j);
  return inter / (sa + sb - inter);
}

const intersectStrings = (a: string[], b: string[]) => {
  const set = new Set(b);
  return a.filter((x) => set.has(x));
};

const round3 = (x: number) => Math.round(x * SCORE_SCALE) / SCORE_SCALE;
const fmtHours = (minutes: number) => `${round3(minutes / 60).toString()} h`;
const fmtList = (items: string[]) => items.join(', ');

/** Index of criteria in the value vectors. */
const SKILLS = 0;
const GOALS = 1;
const INTERESTS = 2;
const LANGUAGE = 3;
const TIME_ZONE = 4;
const DEPARTMENT = 5;

export class Cohort {
  readonly mentees: CanonicalParticipant[];
  readonly mentors: CanonicalParticipant[];
  readonly policy: CanonicalPolicy;
  readonly options: CanonicalOptions;
  /** Mentor capacities, capped at the number of mentees. */
  readonly capacity: Int32Array;
  /** Smallest score (in units) a proposable pair must reach: 1 (never 0), or minimumScore for best-quality. */
  readonly minEligibleUnits: number;

  private readonly weights: Float64Array;
  private readonly weightSum: number;
  private readonly maxTzMinutes: number;
  private readonly mustHaveCount: number;

  // Interned per-participant features (mentees: e*, mentors: m*).
  private readonly ePid: Int32Array;
  private readonly mPid: Int32Array;
  private readonly eEmp: Int32Array;
  private readonly mEmp: Int32Array;
  private readonly eMgr: Int32Array;
  private readonly mMgr: Int32Array;
  private readonly eTz: Int32Array;
  private readonly mTz: Int32Array;
  private readonly eDept: Int32Array;
  private readonly mDept: Int32Array;
  private readonly eLang: SetPool;
  private readonly mLang: SetPool;
  private readonly eSkills: SetPool;
  private readonly mSkills: SetPool;
  private readonly eGoals: SetPool;
  private readonly mGoals: SetPool;
  private readonly eInterests: SetPool;
  private readonly mInterests: SetPool;
  private readonly eChain: Int32Array[];
  private readonly mChain: Int32Array[];
  private readonly eMust: Int32Array;
  private readonly mMust: Int32Array;
  /** Employees that appear in some mentor's management chain. */
  private readonly inMentorChain: Uint8Array;
  /** Mentor indexes ordered by time-zone offset, and those offsets. */
  private readonly mentorsByTz: Int32Array;
  private readonly sortedTz: Int32Array;
  private readonly mark: Int32Array;
  private markStamp = 0;
  private readonly values = new Float64Array(6);
  /** Output buffers of `feasibleMentors`. */
  readonly found: { mentors: Int32Array; units: Int32Array };

  constructor(input: MatchingInput) {
    if (!input || typeof input !== 'object') throw invalid('A matching input is required');
    this.policy = canonicalPolicy(input);
    this.options = canonicalOptions(input);
    if (!Array.isArray(input.mentors) || !Array.isArray(input.mentees)) throw invalid('mentors and mentees must be lists');
    this.mentors = canonicalParticipants(input.mentors, 'mentor', this.policy.mustHaves);
    this.mentees = canonicalParticipants(input.mentees, 'mentee', this.policy.mustHaves);
    // Participants' own manager wins over the given chart (in canonical order, should an employee appear twice).
    const chart = buildOrgChart([...this.mentors, ...this.mentees], input.managerOf ?? []);
    for (const p of [...this.mentors, ...this.mentees]) p.chain = managementChain(p.employeeId, p.managerId, chart);

    const w = this.policy.weights;
    this.weights = Float64Array.from(MATCHING_CRITERIA.map((c) => w[c]));
    this.weightSum = this.weights.reduce((a, b) => a + b, 0);
    this.maxTzMinutes = Math.round(this.policy.maxTimeZoneDifferenceHours * 60);
    this.mustHaveCount = this.policy.mustHaves.length;
    this.minEligibleUnits = this.policy.objective === 'best-quality' ? Math.max(1, Math.round(this.policy.minimumScore * SCORE_SCALE)) : 1;

    const ids = new Map<string, number>();
    const tokens = new Map<string, number>();
    const intern = (map: Map<string, number>, key: string) => {
      let id = map.get(key);
      if (id === undefined) map.set(key, (id = map.size));
      return id;
    };
    // Token ids are arbitrary (first seen, first numbered); each set is sorted numerically, which is all the
    // merge-based intersections need. Scores never depend on the numbering.
    const set = (list: string[]) => Int32Array.from(list.map((t) => intern(tokens, t))).sort();
    const emp = (e: string | null) => (e === null ? -1 : intern(ids, `e:${e}`));
    const pid = new Map<string, number>();
    const build = (ps: CanonicalParticipant[]) => ({
      pid: Int32Array.from(ps.map((p) => intern(pid, p.participantId))),
      emp: Int32Array.from(ps.map((p) => emp(p.employeeId))),
      mgr: Int32Array.from(ps.map((p) => emp(p.managerId))),
      tz: Int32Array.from(ps.map((p) => p.timeZoneOffsetMinutes)),
      dept: Int32Array.from(ps.map((p) => intern(tokens, `dept:${p.department}`))),
      lang: new SetPool(ps.map((p) => set(p.languages))),
      skills: new SetPool(ps.map((p) => set(p.skills))),
      goals: new SetPool(ps.map((p) => set(p.goals))),
      interests: new SetPool(ps.map((p) => set(p.interests))),
      chain: ps.map((p) => Int32Array.from(p.chain.map((c) => emp(c)))),
      must: Int32Array.from(ps.flatMap((p) => p.mustHave.map((v, i) => (v === null ? -1 : intern(tokens, `must:${i}:${v}`))))),
    });
    const e = build(this.mentees);
    const m = build(this.mentors);
    this.ePid = e.pid;
    this.mPid = m.pid;
    this.eEmp = e.emp;
    this.mEmp = m.emp;
    this.eMgr = e.mgr;
    this.mMgr = m.mgr;
    this.eTz = e.tz;
    this.mTz = m.tz;
    this.eDept = e.dept;
    this.mDept = m.dept;
    this.eLang = e.lang;
    this.mLang = m.lang;
    this.eSkills = e.skills;
    this.mSkills = m.skills;
    this.eGoals = e.goals;
    this.mGoals = m.goals;
    this.eInterests = e.interests;
    this.mInterests = m.interests;
    this.eChain = e.chain;
    this.mChain = m.chain;
    this.eMust = e.must;
    this.mMust = m.must;
    this.inMentorChain = new Uint8Array(ids.size);
    for (const chain of this.mChain) for (const c of chain) this.inMentorChain[c] = 1;
    this.mark = new Int32Array(ids.size);
    const n = this.mentees.length;
    this.capacity = Int32Array.from(this.mentors.map((p) => Math.min(p.capacity, n)));
    this.mentorsByTz = Int32Array.from(this.mentors.map((_, i) => i)).sort((a, b) => this.mTz[a] - this.mTz[b] || a - b);
    this.sortedTz = Int32Array.from(this.mentorsByTz, (i) => this.mTz[i]);
    this.found = { mentors: new Int32Array(this.mentors.length), units: new Int32Array(this.mentors.length) };
  }

  get menteeCount(): number {
    return this.mentees.length;
  }

  get mentorCount(): number {
    return this.mentors.length;
  }

  /**
   * Lists every mentor passing all hard filters for mentee `e` into `found.mentors[0…count-1]` with their scores
   * in `found.units` (in time-zone order, not id order) and returns the count. This is the hot loop of a run;
   * the buffers are reused by the next call.
   */
  feasibleMentors(e: number): number {
    const foundMentors = this.found.mentors;
    const foundUnits = this.found.units;
    const stamp = ++this.markStamp;
    const mark = this.mark;
    for (const a of this.eChain[e]) mark[a] = stamp;
    const emp = this.eEmp[e];
    const pid = this.ePid[e];
    const mgr = this.eMgr[e];

    const checkMentorChains = this.inMentorChain[emp] === 1;
    const tz = this.eTz[e];
    const lo = lowerBound(this.sortedTz, tz - this.maxTzMinutes);
    const hi = lowerBound(this.sortedTz, tz + this.maxTzMinutes + 1);
    let feasible = 0;
    for (let k = lo; k < hi; k++) {
      const m = this.mentorsByTz[k];
      if (this.capacity[m] === 0) continue;
      const mEmp = this.mEmp[m];
      if (mEmp === emp || this.mPid[m] === pid) continue;
      if (mark[mEmp] === stamp) continue; // the mentor manages the mentee, directly or further up
      if (mgr >= 0 && this.mMgr[m] === mgr) continue; // same direct manager
      if (checkMentorChains && this.mChain[m].includes(emp)) continue; // the mentee manages the mentor
      if (!intersects(this.eLang, e, this.mLang, m)) continue;
      if (this.mustHaveCount > 0 && !this.mustHavesEqual(e, m)) continue;
      foundMentors[feasible] = m;
      foundUnits[feasible] = this.feasibleScoreUnits(e, m);
      feasible++;
    }
    return feasible;
  }

  /** Same filters as `feasibleMentors`, for one pair: the score in units, or −1 when a hard filter fails. */
  unitsIfFeasible(e: number, m: number): number {
    if (this.capacity[m] === 0) return -1;
    const emp = this.eEmp[e];
    const mEmp = this.mEmp[m];
    if (mEmp === emp || this.mPid[m] === this.ePid[e]) return -1;
    if (this.eChain[e].includes(mEmp) || this.mChain[m].includes(emp)) return -1;
    if (this.eMgr[e] >= 0 && this.mMgr[m] === this.eMgr[e]) return -1;
    if (Math.abs(this.eTz[e] - this.mTz[m]) > this.maxTzMinutes) return -1;
    if (!intersects(this.eLang, e, this.mLang, m)) return -1;
    if (this.mustHaveCount > 0 && !this.mustHavesEqual(e, m)) return -1;
    return this.feasibleScoreUnits(e, m);
  }

  /** The pair's score in thousandths of a point (the exact integer the optimizer uses). */
  scoreUnits(e: number, m: number): number {
    this.computeValues(e, m, this.values);
    return this.combine(this.values[0], this.values[1], this.values[2], this.values[3], this.values[4], this.values[5]);
  }

  /** `scoreUnits` for a pair known to pass the filters (so it shares a language): the hot path, same numbers. */
  private feasibleScoreUnits(e: number, m: number): number {
    const sought = this.eSkills.size(e);
    const skills = sought === 0 ? 0 : intersectionSize(this.eSkills, e, this.mSkills, m) / sought;
    const goals = jaccard(this.eGoals, e, this.mGoals, m);
    const interests = jaccard(this.eInterests, e, this.mInterests, m);
    const diff = Math.abs(this.eTz[e] - this.mTz[m]);
    const tz = this.maxTzMinutes > 0 ? Math.max(0, 1 - diff / this.maxTzMinutes) : diff === 0 ? 1 : 0;
    return this.combine(skills, goals, interests, 1, tz, this.eDept[e] !== this.mDept[m] ? 1 : 0);
  }

  isEligibleScore(units: number): boolean {
    return units >= this.minEligibleUnits;
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
    if (!intersects(this.eLang, e, this.mLang, m)) {
      out.push({ filter: 'language', reason: `no shared language (mentee: ${fmtList(mentee.languages) || 'none'}; mentor: ${fmtList(mentor.languages) || 'none'})` });
    }
    const diff = Math.abs(mentee.timeZoneOffsetMinutes - mentor.timeZoneOffsetMinutes);
    if (diff > this.maxTzMinutes) out.push({ filter: 'time-zone', reason: `time zones ${fmtHours(diff)} apart (max ${fmtHours(this.maxTzMinutes)})` });
    this.policy.mustHaves.forEach((attribute, i) => {
      const a = mentee.mustHave[i];
      const b = mentor.mustHave[i];
      if (a === null || b === null) out.push({ filter: 'must-have', reason: `must-have "${attribute}" is missing on the ${a === null ? 'mentee' : 'mentor'}` });
      else if (a !== b) out.push({ filter: 'must-have', reason: `must-have "${attribute}" differs (mentee: ${a}; mentor: ${b})` });
    });
    return out;
  }

  /** The explainable score of a pair (whether or not it is feasible). */
  explain(e: number, m: number): ScoreBreakdown {
    const values = new Float64Array(6);
    this.computeValues(e, m, values);
    const mentee = this.mentees[e];
    const mentor = this.mentors[m];
    const reasons: string[] = [];
    {
      const shared = intersectStrings(mentee.skills, mentor.skills);
      reasons[SKILLS] =
        mentee.skills.length === 0
          ? 'the mentee listed no sought skills'
          : shared.length === 0
            ? `offers none of the ${mentee.skills.length} sought skills`
            : `offers ${shared.length} of ${mentee.skills.length} sought skills: ${fmtList(shared)}`;
    }
    const overlap = (a: string[], b: string[], noun: string) => {
      if (a.length === 0 && b.length === 0) return `neither listed ${noun}`;
      const shared = intersectStrings(a, b);
      const union = a.length + b.length - shared.length;
      return shared.length === 0 ? `no ${noun} in common (${union} listed)` : `${shared.length} of ${union} ${noun} in common: ${fmtList(shared)}`;
    };
    reasons[GOALS] = overlap(mentee.goals, mentor.goals, 'goals');
    reasons[INTERESTS] = overlap(mentee.interests, mentor.interests, 'interests');
    {
      const shared = intersectStrings(mentee.languages, mentor.languages);
      reasons[LANGUAGE] = shared.length === 0 ? 'no shared language' : `both speak ${fmtList(shared)}`;
    }
    {
      const diff = Math.abs(mentee.timeZoneOffsetMinutes - mentor.timeZoneOffsetMinutes);
      reasons[TIME_ZONE] = diff === 0 ? `same time zone (window ${fmtHours(this.maxTzMinutes)})` : `time zones ${fmtHours(diff)} apart (window ${fmtHours(this.maxTzMinutes)})`;
    }
    reasons[DEPARTMENT] =
      mentee.department === mentor.department ? `same department (${mentee.department || 'unknown'})` : `different departments (mentee: ${mentee.department || 'unknown'}; mentor: ${mentor.department || 'unknown'})`;
    const criteria: CriterionScore[] = MATCHING_CRITERIA.map((criterion, i) => ({
      criterion,
      weight: this.weights[i],
      value: round3(values[i]),
      contribution: round3((100 * this.weights[i] * values[i]) / this.weightSum),
      reason: reasons[i],
    }));
    return { total: this.combine(values[0], values[1], values[2], values[3], values[4], values[5]) / SCORE_SCALE, criteria };
  }

  private mustHavesEqual(e: number, m: number): boolean {
    const h = this.mustHaveCount;
    for (let i = 0; i < h; i++) {
      const a = this.eMust[e * h + i];
      if (a < 0 || a !== this.mMust[m * h + i]) return false;
    }
    return true;
  }

  /** Sub-scores in [0, 1], in `MATCHING_CRITERIA` order. */
  private computeValues(e: number, m: number, out: Float64Array): void {
    const sought = this.eSkills.size(e);
    out[SKILLS] = sought === 0 ? 0 : intersectionSize(this.eSkills, e, this.mSkills, m) / sought;
    out[GOALS] = jaccard(this.eGoals, e, this.mGoals, m);
    out[INTERESTS] = jaccard(this.eInterests, e, this.mInterests, m);
    out[LANGUAGE] = intersects(this.eLang, e, this.mLang, m) ? 1 : 0;
    const diff = Math.abs(this.eTz[e] - this.mTz[m]);
    out[TIME_ZONE] = this.maxTzMinutes > 0 ? Math.max(0, 1 - diff / this.maxTzMinutes) : diff === 0 ? 1 : 0;
    out[DEPARTMENT] = this.eDept[e] !== this.mDept[m] ? 1 : 0;
  }

  /** Weighted average × 100, rounded to thousandths of a point, as an integer. The one place a score is made. */
  private combine(skills: number, goals: number, interests: number, language: number, timeZone: number, department: number): number {
    const w = this.weights;
    const sum = w[0] * skills + w[1] * goals + w[2] * interests + w[3] * language + w[4] * timeZone + w[5] * department;
    return Math.min(MAX_SCORE_UNITS, Math.round(((100 * sum) / this.weightSum) * SCORE_SCALE));
  }
}

/** First index whose value is ≥ x. */
function lowerBound(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
