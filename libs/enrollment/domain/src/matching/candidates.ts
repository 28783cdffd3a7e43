/**
 * The candidate graph: which mentor–mentee pairs the optimizer considers.
 *
 * A cohort of 10 000 mentees and 3 000 mentors has up to 30 million pairs; keeping them all is neither needed nor
 * affordable. The candidate graph is the union of
 *   - each mentee's K best eligible mentors (score desc, then mentor id), and
 *   - each mentor's best `candidatesPerMentorSlot × capacity` eligible mentees (score desc, then mentee id),
 * the second part so that a mentor who is nobody's top-K (everyone prefers the same few stars) still gets
 * edges and its capacity is not wasted. The optimizer is exact over this graph; `priceOut` then checks the
 * optimal dual prices against every pruned pair, which proves global optimality or yields the pairs to add.
 */
import type { Cohort } from './cohort';

/** Keeps the `limit` best (goodness desc, then id asc) of what it is offered. Root = worst kept. */
export class BoundedBest {
  goodness: Float64Array;
  ids: Int32Array;
  size = 0;

  constructor(readonly limit: number) {
    // Grown on demand: a generous limit costs nothing until it is used.
    this.goodness = new Float64Array(Math.min(limit, 64));
    this.ids = new Int32Array(Math.min(limit, 64));
  }

  offer(goodness: number, id: number): void {
    if (this.size < this.limit) {
      if (this.size === this.ids.length) this.grow();
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(goodness, id, this.goodness[p], this.ids[p])) break;
        this.goodness[i] = this.goodness[p];
        this.ids[i] = this.ids[p];
        i = p;
      }
      this.goodness[i] = goodness;
      this.ids[i] = id;
      return;
    }
    if (this.limit === 0 || !this.worse(this.goodness[0], this.ids[0], goodness, id)) return;
    // Replace the root and sift down.
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.worse(this.goodness[c + 1], this.ids[c + 1], this.goodness[c], this.ids[c])) c++;
      if (!this.worse(this.goodness[c], this.ids[c], goodness, id)) break;
      this.goodness[i] = this.goodness[c];
      this.ids[i] = this.ids[c];
      i = c;
    }
    this.goodness[i] = goodness;
    this.ids[i] = id;
  }

  private grow(): void {
    const length = Math.min(this.limit, Math.max(64, this.ids.length * 2));
    const goodness = new Float64Array(length);
    goodness.set(this.goodness);
    const ids = new Int32Array(length);
    ids.set(this.ids);
    this.goodness = goodness;
    this.ids = ids;
  }

  private worse(g1: number, id1: number, g2: number, id2: number): boolean {
    return g1 < g2 || (g1 === g2 && id1 > id2);
  }
}

/** Growable list of pair keys (mentee × mentorCount + mentor). */
export class PairKeys {
  private data = new Float64Array(1024);
  length = 0;

  push(key: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = key;
  }

  /** Sorted, de-duplicated copy. */
  sortedUnique(): Float64Array {
    const sorted = this.data.slice(0, this.length).sort();
    let w = 0;
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r];
    return sorted.slice(0, w);
  }
}

export interface CandidateScan {
  /** Candidate pairs as sorted keys mentee × mentorCount + mentor. */
  keys: Float64Array;
  feasibleByMentee: Int32Array;
  eligibleByMentee: Int32Array;
  feasiblePairs: number;
  eligiblePairs: number;
  /** Whether some eligible pair was left out of the candidate graph. */
  pruned: boolean;
  /**
   * Per mentee, an upper bound on the score of its pruned pairs (its K-th best score), or −1 when none of its
   * eligible pairs was pruned. Lets `priceOut` skip most pairs without scoring them.
   */
  prunedBound: Int32Array;
}

export function scanCandidates(cohort: Cohort): CandidateScan {
  const n = cohort.menteeCount;
  const mentorCount = cohort.mentorCount;
  const k = cohort.options.candidatesPerMentee;
  const perSlot = cohort.options.candidatesPerMentorSlot;
  const unlimited = k === 'all' || k >= mentorCount;
  const feasibleByMentee = new Int32Array(n);
  const eligibleByMentee = new Int32Array(n);
  const prunedBound = new Int32Array(n).fill(-1);
  const keys = new PairKeys();

  const mentorSide =
    unlimited || perSlot === 'all' || perSlot === 0
      ? null
      : Array.from({ length: mentorCount }, (_, m) => new BoundedBest(Math.min(n, perSlot * cohort.capacity[m])));
  const menteeBest = unlimited ? null : new BoundedBest(k as number);
  let feasiblePairs = 0;
  let eligiblePairs = 0;
  const found = cohort.found;
  const minUnits = cohort.minEligibleUnits;

  for (let e = 0; e < n; e++) {
    let eligible = 0;
    if (menteeBest) menteeBest.size = 0;
    const base = e * mentorCount;
    const feasible = cohort.feasibleMentors(e);
    for (let i = 0; i < feasible; i++) {
      const units = found.units[i];
      if (units < minUnits) continue;
      const m = found.mentors[i];
      eligible++;
      if (menteeBest) menteeBest.offer(units, m);
      else keys.push(base + m);
      if (mentorSide) mentorSide[m].offer(units, e);
    }
    if (menteeBest) {
      for (let i = 0; i < menteeBest.size; i++) keys.push(base + menteeBest.ids[i]);
      if (eligible > menteeBest.size) prunedBound[e] = menteeBest.goodness[0];
    }
    feasibleByMentee[e] = feasible;
    eligibleByMentee[e] = eligible;
    feasiblePairs += feasible;
    eligiblePairs += eligible;
  }
  if (mentorSide) {
    mentorSide.forEach((best, m) => {
      for (let i = 0; i < best.size; i++) keys.push(best.ids[i] * mentorCount + m);
    });
  }
  const sorted = keys.sortedUnique();
  return { keys: sorted, feasibleByMentee, eligibleByMentee, feasiblePairs, eligiblePairs, pruned: sorted.length < eligiblePairs, prunedBound };
}

/**
 * Reduced-cost check of every eligible pair outside the candidate graph against the optimal potentials.
 * A pair with a negative reduced cost could improve the assignment; returns up to `perMentee` of the most
 * negative ones per mentee (ties by mentor), empty when the current assignment is optimal over all pairs.
 *
 * Only pairs that could possibly be negative are scored: the reduced cost −w(score) + π(e) − π(m) is below 0
 * only if π(m) > π(e) − w(bound(e)), bound(e) being the best score any pruned pair of `e` can have, so each
 * mentee walks the mentors by decreasing potential and stops at the threshold.
 */
export function priceOut(
  cohort: Cohort,
  scan: Pick<CandidateScan, 'prunedBound'>,
  keys: Float64Array,
  potential: Float64Array,
  weightOf: (units: number) => number,
  perMentee: number,
): number[] {
  const n = cohort.menteeCount;
  const mentorCount = cohort.mentorCount;
  const byPotential = Int32Array.from({ length: mentorCount }, (_, m) => m).sort((a, b) => potential[n + b] - potential[n + a] || a - b);
  const inGraph = new Int32Array(mentorCount).fill(-1);
  const best = new BoundedBest(perMentee);
  const added: number[] = [];
  const minUnits = cohort.minEligibleUnits;
  let k = 0;
  for (let e = 0; e < n; e++) {
    const base = e * mentorCount;
    while (k < keys.length && keys[k] < base + mentorCount) inGraph[keys[k++] - base] = e;
    const bound = scan.prunedBound[e];
    if (bound < 0) continue;
    best.size = 0;
    const pe = potential[e];
    const threshold = pe - weightOf(bound);
    for (let i = 0; i < mentorCount; i++) {
      const m = byPotential[i];
      const pm = potential[n + m];
      if (pm <= threshold) break;
      if (inGraph[m] === e) continue;
      const units = cohort.unitsIfFeasible(e, m);
      if (units < minUnits) continue;
      const reduced = -weightOf(units) + pe - pm;
      if (reduced < 0) best.offer(-reduced, m);
    }
    for (let i = 0; i < best.size; i++) added.push(base + best.ids[i]);
  }
  return added;
}
