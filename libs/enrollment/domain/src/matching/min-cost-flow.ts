/**
 * Maximum-weight b-matching (mentees × mentors with capacities) as a min-cost flow, solved exactly with
 * successive shortest paths, node potentials and Dijkstra on a binary heap.
 *
 * Network. Nodes: every mentee (supply 1), every mentor, and a sink T (demand = number of mentees).
 *   mentee → mentor   capacity 1, cost −weight(pair)        (a proposal)
 *   mentor → T        capacity = mentor capacity, cost 0
 *   mentee → T        capacity 1, cost 0                     ("stays unmatched")
 * Every mentee's unit must reach T, through a mentor or directly, so a min-cost flow is exactly a maximum-weight
 * assignment in which a mentee may stay unmatched. The objective is encoded in the (positive, integer) weights.
 *
 * Algorithm (the supply/demand form of successive shortest paths, as in the Hungarian method): mentees are
 * processed one at a time (index order); for each, Dijkstra over the residual network with reduced costs
 * c(u,v) + π(u) − π(v) ≥ 0 finds a cheapest path to T (stopping as soon as T is settled), the unit is pushed along
 * it (which may re-route earlier mentees), and the potentials of the nodes settled before T are raised by
 * d(v) − d(T), which keeps every reduced cost non-negative. Each step keeps the flow optimal for the supplies
 * processed so far, so the final flow is optimal. Everything is integer arithmetic on doubles (exact while
 * |values| < 2^53, checked up front), and ties resolve by node index, so the outcome is deterministic.
 *
 * Complexity: O(n · (E + V) · log V) in the worst case (n mentees, E candidate edges, V = n + mentors + 1);
 * early termination makes a typical search touch a small neighbourhood, except for mentees that end up
 * unmatched, whose search has to exhaust the region they can reach.
 */

export interface AssignmentProblem {
  /** Number of mentees (left side). */
  mentees: number;
  /** Capacity per mentor (right side). */
  capacity: Int32Array;
  /** CSR adjacency by mentee: edges `start[e] … start[e+1]-1`. */
  start: Int32Array;
  /** Mentor of each edge. */
  to: Int32Array;
  /** Positive integer weight of each edge (to maximize). */
  weight: Float64Array;
}

export interface AssignmentSolution {
  /** Edge index used by each mentee, or −1 when it stays unmatched. */
  edgeOf: Int32Array;
  /** Optimal node potentials: mentees 0…n−1, mentors n…n+m−1, sink n+m (a dual certificate). */
  potential: Float64Array;
}

const UNMATCHED = -2;
const NONE = -1;

export function assignmentMagnitudeIsSafe(nodes: number, maxWeight: number): boolean {
  return (nodes + 2) * maxWeight * 2 < Number.MAX_SAFE_INTEGER;
}

export function solveAssignment(problem: AssignmentProblem): AssignmentSolution {
  const { mentees: n, capacity, start, to, weight } = problem;
  const mentorCount = capacity.length;
  const sink = n + mentorCount;
  const nodeCount = sink + 1;

  // Residual state.
  const edgeOf = new Int32Array(n).fill(NONE); // edge index, NONE (not yet processed) or UNMATCHED
  const slotStart = new Int32Array(mentorCount + 1);
  for (let m = 0; m < mentorCount; m++) slotStart[m + 1] = slotStart[m] + capacity[m];
  const slots = new Int32Array(slotStart[mentorCount]); // mentees assigned to each mentor
  const load = new Int32Array(mentorCount);
  const slotOf = new Int32Array(n); // position of a mentee in its mentor's slots

  // Potentials: feasible for the empty flow (every reduced cost ≥ 0).
  const pi = new Float64Array(nodeCount);
  let piSink = 0;
  for (let e = 0; e < to.length; e++) {
    const node = n + to[e];
    if (-weight[e] < pi[node]) pi[node] = -weight[e];
  }
  for (let v = n; v < sink; v++) if (pi[v] < piSink) piSink = pi[v];
  pi[sink] = piSink;

  // Dijkstra scratch space (stamped, so nothing is cleared between searches).
  const dist = new Float64Array(nodeCount);
  const seen = new Int32Array(nodeCount);
  const done = new Int32Array(nodeCount);
  const predNode = new Int32Array(nodeCount);
  const predEdge = new Int32Array(nodeCount);
  const settled = new Int32Array(nodeCount);
  const heap = new NodeHeap(Math.max(16, nodeCount));
  let stamp = 0;

  const relax = (v: number, d: number, from: number, edge: number) => {
    if (seen[v] !== stamp || d < dist[v]) {
      seen[v] = stamp;
      dist[v] = d;
      predNode[v] = from;
      predEdge[v] = edge;
      heap.push(d, v);
    }
  };

  for (let source = 0; source < n; source++) {
    if (start[source] === start[source + 1]) {
      edgeOf[source] = UNMATCHED;
      continue;
    }
    stamp++;
    heap.clear();
    let settledCount = 0;
    relax(source, 0, -1, -1);
    while (heap.size > 0) {
      const d = heap.topKey();
      const v = heap.pop();
      if (done[v] === stamp || d > dist[v]) continue;
      done[v] = stamp;
      if (v === sink) break;
      settled[settledCount++] = v;
      const pv = pi[v];
      if (v < n) {
        // A mentee: forward edges to the mentors it does not use yet, and "stay unmatched".
        const own = edgeOf[v];
        for (let e = start[v], end = start[v + 1]; e < end; e++) {
          if (e === own) continue;
          const w = n + to[e];
          relax(w, d + (-weight[e] + pv - pi[w]), v, e);
        }
        relax(sink, d + (pv - piSink), v, -1);
      } else {
        // A mentor: to the sink while it has room, and back to the mentees it currently has.
        const m = v - n;
        if (load[m] < capacity[m]) relax(sink, d + (pv - piSink), v, -1);
        for (let s = slotStart[m], end = slotStart[m] + load[m]; s < end; s++) {
          const x = slots[s];
          const e = edgeOf[x];
          relax(x, d + (weight[e] + pv - pi[x]), v, e);
        }
      }
    }
    const total = dist[sink];
    for (let i = 0; i < settledCount; i++) {
      const v = settled[i];
      pi[v] += dist[v] - total;
    }

    // Push the unit along the path (walking back from the sink).
    let at = predNode[sink];
    if (at < n) {
      // The path ends with "stay unmatched" for mentee `at` (possibly the source itself).
      const previous = edgeOf[at];
      edgeOf[at] = UNMATCHED;
      if (previous >= 0) {
        removeFromMentor(to[previous], at);
        at = n + to[previous];
      } else at = -1;
    }
    while (at >= n) {
      const m = at - n;
      const x = predNode[at];
      const previous = edgeOf[x];
      if (previous >= 0) removeFromMentor(to[previous], x);
      edgeOf[x] = predEdge[at];
      const s = slotStart[m] + load[m]++;
      slots[s] = x;
      slotOf[x] = s;
      at = x === source ? -1 : n + to[previous];
    }
  }

  function removeFromMentor(m: number, x: number) {
    const last = slotStart[m] + --load[m];
    const s = slotOf[x];
    const moved = slots[last];
    slots[s] = moved;
    slotOf[moved] = s;
  }

  for (let e = 0; e < n; e++) if (edgeOf[e] === UNMATCHED) edgeOf[e] = NONE;
  return { edgeOf, potential: pi };
}

/** Binary min-heap of (key, node), ties by node index; lazy deletion is up to the caller. */
class NodeHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      const nodes = new Int32Array(this.nodes.length * 2);
      nodes.set(this.nodes);
      this.keys = keys;
      this.nodes = nodes;
    }
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk < key || (pk === key && nodes[parent] < node)) break;
      keys[i] = pk;
      nodes[i] = nodes[parent];
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Removes and returns the node with the smallest key. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const size = --this.size;
    if (size > 0) {
      const key = keys[size];
      const node = nodes[size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size && (keys[right] < keys[child] || (keys[right] === keys[child] && nodes[right] < nodes[child]))) child = right;
        const ck = keys[child];
        if (ck > key || (ck === key && nodes[child] > node)) break;
        keys[i] = ck;
        nodes[i] = nodes[child];
        i = child;
      }
      keys[i] = key;
      nodes[i] = node;
    }
    return top;
  }
}
