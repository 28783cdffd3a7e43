/**
 * Set algebra on small sorted integer sets (interned tokens), stored flat so that tens of millions of
 * mentor–mentee comparisons allocate nothing.
 */

/** Many small sorted int sets in one flat array: set i is data[start[i] … start[i+1]-1]. */
export class SetPool {
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

export function intersectionSize(a: SetPool, i: number, b: SetPool, j: number): number {
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

export function intersects(a: SetPool, i: number, b: SetPool, j: number): boolean {
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

export function jaccard(a: SetPool, i: number, b: SetPool, j: number): number {
  const sa = a.size(i);
  const sb = b.size(j);
  if (sa === 0 && sb === 0) return 0;
  const inter = intersectionSize(a, i, b, j);
  return inter / (sa + sb - inter);
}

/** First index whose value is ≥ x. */
export function lowerBound(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
