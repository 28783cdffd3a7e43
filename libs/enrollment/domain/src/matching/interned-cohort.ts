/**
 * The canonical cohort interned into flat integer arrays (ids and tokens numbered, token lists as sorted int
 * sets), which is what lets the hard filters and the score run over tens of millions of pairs.
 */
import type { CanonicalParticipant } from './canonical-input';
import { SetPool } from './sorted-int-sets';

/** One side (mentees or mentors) in canonical order: index i is the i-th participant. */
export interface InternedSide {
  pid: Int32Array;
  /** Employee ids; managers are employee ids too (−1 when there is none). */
  emp: Int32Array;
  mgr: Int32Array;
  tz: Int32Array;
  dept: Int32Array;
  lang: SetPool;
  skills: SetPool;
  goals: SetPool;
  interests: SetPool;
  /** Management chain as employee ids, direct manager first. */
  chain: Int32Array[];
  /** Must-have values, `mustHaves` per participant in policy order (−1 when missing). */
  must: Int32Array;
}

export interface InternedCohort {
  mentees: InternedSide;
  mentors: InternedSide;
  /** How many distinct employee ids were numbered (participants and everyone in their chains). */
  employeeCount: number;
}

export function internCohort(mentees: CanonicalParticipant[], mentors: CanonicalParticipant[]): InternedCohort {
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
  const build = (ps: CanonicalParticipant[]): InternedSide => ({
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
  const interned = { mentees: build(mentees), mentors: build(mentors) };
  return { ...interned, employeeCount: ids.size };
}
