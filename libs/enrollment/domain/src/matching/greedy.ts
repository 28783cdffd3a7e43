/**
 * Greedy baseline: take the eligible pairs by score (desc), then mentee id, then mentor id, and keep a pair when
 * the mentee is still free and the mentor still has room. Not optimal (one early pick can block two later
 * ones); used to measure what the optimal matcher gains. Same filters, scores and result shape as `matchCohort`.
 *
 * Implemented without materializing every pair: a k-way merge over per-mentee lists fetched in batches of K
 * (a mentee whose batch runs out re-scans its mentors for the next K, skipping mentors already full — they can
 * never take anyone again). The order of decisions is exactly the global sorted order, so the result is the
 * textbook greedy one for every K.
 */
import { BoundedBest } from './candidates';
import { Cohort } from './cohort';
import { resultOf } from './matcher';
import { GREEDY_ALGORITHM_VERSION, type MatchingInput, type MatchingResult } from './types';

/** A list of (units, mentor) sorted by units desc, then mentor asc. */
interface Batch {
  units: Int32Array;
  mentors: Int32Array;
  next: number;
}

export function greedyMatch(input: MatchingInput): MatchingResult {
  const observe = input.options?.observe ?? (() => undefined);
  const cohort = new Cohort(input);
  observe('prepared');
  const n = cohort.menteeCount;
  const mentorCount = cohort.mentorCount;
  const k = cohort.options.candidatesPerMentee;
  const batchSize = k === 'all' ? Math.max(1, mentorCount) : Math.min(k, Math.max(1, mentorCount));
  const room = Int32Array.from(cohort.capacity);
  const feasibleByMentee = new Int32Array(n);
  const eligibleByMentee = new Int32Array(n);
  let feasiblePairs = 0;
  let eligiblePairs = 0;
  let looked = 0;

  const best = new BoundedBest(batchSize);
  /** The next batch after (afterUnits, afterMentor) in the order (units desc, mentor asc); null = from the top. */
  const fetch = (e: number, after: { units: number; mentor: number } | null): Batch | null => {
    best.size = 0;
    let eligible = 0;
    const feasible = cohort.feasibleMentors(e);
    for (let i = 0; i < feasible; i++) {
      const units = cohort.found.units[i];
      if (!cohort.isEligibleScore(units)) continue;
      eligible++;
      const m = cohort.found.mentors[i];
      if (room[m] === 0) continue;
      if (after && (units > after.units || (units === after.units && m <= after.mentor))) continue;
      best.offer(units, m);
    }
    if (after === null) {
      feasibleByMentee[e] = feasible;
      eligibleByMentee[e] = eligible;
      feasiblePairs += feasible;
      eligiblePairs += eligible;
    }
    if (best.size === 0) return null;
    const order = Array.from({ length: best.size }, (_, i) => i).sort(
      (a, b) => best.goodness[b] - best.goodness[a] || best.ids[a] - best.ids[b],
    );
    looked += order.length;
    return { units: Int32Array.from(order, (i) => best.goodness[i]), mentors: Int32Array.from(order, (i) => best.ids[i]), next: 0 };
  };

  const batches: (Batch | null)[] = [];
  const queue = new MenteeQueue(n);
  for (let e = 0; e < n; e++) {
    const batch = fetch(e, null);
    batches.push(batch);
    if (batch) queue.push(batch.units[0], e);
  }
  observe('candidates');

  const mentorOf = new Int32Array(n).fill(-1);
  while (queue.size > 0) {
    const e = queue.pop();
    let batch = batches[e]!;
    const m = batch.mentors[batch.next];
    if (room[m] > 0) {
      room[m]--;
      mentorOf[e] = m;
      batches[e] = null;
      continue;
    }
    batch.next++;
    if (batch.next === batch.units.length) {
      const last = { units: batch.units[batch.next - 1], mentor: batch.mentors[batch.next - 1] };
      const following = batch.units.length < batchSize ? null : fetch(e, last);
      batches[e] = following;
      if (!following) continue;
      batch = following;
    }
    queue.push(batch.units[batch.next], e);
  }
  observe('solved');

  const result = resultOf(
    cohort,
    GREEDY_ALGORITHM_VERSION,
    mentorOf,
    { feasibleByMentee, eligibleByMentee, feasiblePairs, eligiblePairs },
    { candidateEdges: looked, pricingRounds: 0, optimality: 'heuristic' },
  );
  observe('done');
  return result;
}

/** Max-heap of mentees by (head score desc, mentee index asc). */
class MenteeQueue {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  private before(k1: number, id1: number, k2: number, id2: number): boolean {
    return k1 > k2 || (k1 === k2 && id1 < id2);
  }

  push(key: number, id: number): void {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(key, id, this.keys[p], this.ids[p])) break;
      this.keys[i] = this.keys[p];
      this.ids[i] = this.ids[p];
      i = p;
    }
    this.keys[i] = key;
    this.ids[i] = id;
  }

  pop(): number {
    const top = this.ids[0];
    const size = --this.size;
    if (size > 0) {
      const key = this.keys[size];
      const id = this.ids[size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && this.before(this.keys[c + 1], this.ids[c + 1], this.keys[c], this.ids[c])) c++;
        if (!this.before(this.keys[c], this.ids[c], key, id)) break;
        this.keys[i] = this.keys[c];
        this.ids[i] = this.ids[c];
        i = c;
      }
      this.keys[i] = key;
      this.ids[i] = id;
    }
    return top;
  }
}
