import { isAllOf, isLeaf, isMonotone, ruleLeaves, type BadgeRule, type Criterion, type FactCriterion, type RuleFact, type RuleRole } from './badge-rules';

/**
 * Evaluation of a badge rule over one person's facts in one program. A pure function of the SET of facts: they are
 * put in one canonical order (occurrence time, then event id) first, so the arrival order of the events behind them
 * never changes the result (see rule-evaluation.property.spec.ts).
 *
 * **Earned at** is the earliest moment at which the rule holds over the facts that had occurred by then: the
 * occurrence time of the fact that completed it, never the time of processing.
 *
 * **Active month** (consecutiveActiveMonths): a calendar month, in the tenant's reporting time zone (`timeZone`:
 * recognition's `REPORTING_TIME_ZONES` setting, UTC by default), in which the person had at least one confirmed session (SessionCompleted, by its
 * `occurredAt`) in the role the criterion names (any role when it names none). Consecutive active months are the
 * longest run of such months without a gap, counted up to the moment judged.
 */
export type FactKind = 'session' | 'rating' | 'outcome' | 'training' | 'training-correction' | 'goal' | 'kudos';

export interface PersonFact {
  /** The id of the public event behind the fact: the evidence an award keeps. */
  eventId: string;
  kind: FactKind;
  /** The person's role in the pairing the fact comes from. */
  role: RuleRole;
  occurredAt: string;
  /** A rating (1–5), credited training minutes (a correction: the entry's minutes from then on), else 1. */
  value: number;
  /** The other side of the pairing (a mentor's mentee), for distinctMentees. */
  counterpart?: string | null;
  /** A training entry's id; for a correction, the id of the entry it corrects. */
  ref?: string | null;
  /** An outcome's kind. */
  detail?: string | null;
}

export interface CriterionEvidence {
  /** The criterion's path in the rule: `rule`, `rule.allOf[1]`, … */
  criterion: string;
  fact: RuleFact;
  eventIds: string[];
}

export interface Evaluation {
  satisfied: boolean;
  earnedAt: string | null;
  evidence: CriterionEvidence[];
}

export interface CriterionProgress {
  criterion: string;
  fact: RuleFact;
  target: number;
  current: number;
  satisfied: boolean;
  /** averageRating: the ratings behind the average, against `minRatings`. */
  ratings?: number;
  minRatings?: number;
}

export interface EvaluationOptions {
  /** IANA zone active months are counted in; UTC by default. */
  timeZone?: string;
}

const DAY_MS = 86_400_000;
/** The kind of fact each rule fact counts. */
export const FACT_KINDS: Record<RuleFact, FactKind> = {
  confirmedSessions: 'session',
  distinctMentees: 'session',
  consecutiveActiveMonths: 'session',
  verifiedMenteeOutcomes: 'outcome',
  averageRating: 'rating',
  trainingHours: 'training',
  goalsAchieved: 'goal',
  kudosReceived: 'kudos',
};

interface Timed {
  ms: number;
  fact: PersonFact;
  month: number;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar month (year × 12 + month) of an instant in a time zone. */
export function monthIndex(ms: number, timeZone = 'UTC'): number {
  const date = new Date(ms);
  if (timeZone === 'UTC') return date.getUTCFullYear() * 12 + date.getUTCMonth();
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part('year') * 12 + part('month') - 1;
}

/** Facts in canonical order, duplicates (same event id) dropped, training credits at their corrected value. */
function canonical(facts: readonly PersonFact[], timeZone: string): Timed[] {
  const byId = new Map<string, PersonFact>();
  for (const fact of facts) {
    const seen = byId.get(fact.eventId);
    if (!seen || JSON.stringify(fact) < JSON.stringify(seen)) byId.set(fact.eventId, fact);
  }
  const corrections = new Map<string, PersonFact>();
  for (const fact of byId.values()) {
    if (fact.kind !== 'training-correction' || !fact.ref) continue;
    const latest = corrections.get(fact.ref);
    if (!latest || compareFacts(fact, latest) > 0) corrections.set(fact.ref, fact);
  }
  return [...byId.values()]
    .filter((f) => f.kind !== 'training-correction')
    .map((f) => {
      const corrected = f.kind === 'training' && f.ref ? corrections.get(f.ref) : undefined;
      const fact = corrected ? { ...f, value: corrected.value } : f;
      const ms = Date.parse(f.occurredAt);
      return { ms, fact, month: monthIndex(ms, timeZone) };
    })
    .sort((a, b) => a.ms - b.ms || (a.fact.eventId < b.fact.eventId ? -1 : a.fact.eventId > b.fact.eventId ? 1 : 0));
}

function compareFacts(a: PersonFact, b: PersonFact): number {
  return Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** How many of the sorted items occurred at or before `ms` (binary search). */
function countUpTo(items: readonly Timed[], ms: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].ms <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface LeafResult {
  satisfied: boolean;
  current: number;
  eventIds: string[];
  ratings?: number;
}

/** One leaf judged at instant `ms` over its relevant facts (sorted). */
function judgeLeaf(c: FactCriterion, relevant: readonly Timed[], ms: number): LeafResult {
  const hi = countUpTo(relevant, ms);
  const lo = c.withinDays === undefined ? 0 : countUpTo(relevant, ms - c.withinDays * DAY_MS);
  const slice = relevant.slice(lo, hi);
  const ids = (items: readonly Timed[]) => items.map((t) => t.fact.eventId);
  switch (c.fact) {
    case 'confirmedSessions':
    case 'verifiedMenteeOutcomes':
    case 'goalsAchieved':
    case 'kudosReceived': {
      const satisfied = slice.length >= c.atLeast;
      // Canonical evidence: the first N (without a window) or the N latest in the window.
      const evidence = !satisfied ? slice : c.withinDays === undefined ? slice.slice(0, c.atLeast) : slice.slice(slice.length - c.atLeast);
      return { satisfied, current: slice.length, eventIds: ids(evidence) };
    }
    case 'distinctMentees': {
      const firsts = new Map<string, Timed>();
      for (const t of slice) if (t.fact.counterpart && !firsts.has(t.fact.counterpart)) firsts.set(t.fact.counterpart, t);
      const list = [...firsts.values()];
      const satisfied = list.length >= c.atLeast;
      return { satisfied, current: list.length, eventIds: ids(satisfied ? list.slice(0, c.atLeast) : list) };
    }
    case 'trainingHours': {
      const targetMinutes = c.atLeast * 60;
      let total = 0;
      let reachedAt = -1;
      slice.forEach((t, i) => {
        total += t.fact.value;
        if (reachedAt < 0 && total >= targetMinutes) reachedAt = i;
      });
      const satisfied = total >= targetMinutes;
      return { satisfied, current: Math.round((total / 60) * 100) / 100, eventIds: ids(satisfied && reachedAt >= 0 ? slice.slice(0, reachedAt + 1) : slice) };
    }
    case 'averageRating': {
      const sum = slice.reduce((s, t) => s + t.fact.value, 0);
      const n = slice.length;
      const satisfied = n >= (c.minRatings ?? 1) && sum >= c.atLeast * n;
      return { satisfied, current: n === 0 ? 0 : Math.round((sum / n) * 100) / 100, eventIds: ids(slice), ratings: n };
    }
    case 'consecutiveActiveMonths': {
      let best = 0;
      let run: Timed[] = [];
      let evidence: Timed[] | undefined;
      for (const t of slice) {
        const last = run[run.length - 1];
        if (last && t.month === last.month) continue;
        run = last && t.month === last.month + 1 ? [...run, t] : [t];
        best = Math.max(best, run.length);
        if (!evidence && run.length >= c.atLeast) evidence = run.slice(run.length - c.atLeast);
      }
      return { satisfied: best >= c.atLeast, current: best, eventIds: ids(evidence ?? run) };
    }
  }
}

interface Prepared {
  rule: BadgeRule;
  facts: Timed[];
  relevant: Map<FactCriterion, Timed[]>;
}

function prepare(rule: BadgeRule, facts: readonly PersonFact[], options: EvaluationOptions): Prepared {
  const timed = canonical(facts, options.timeZone ?? 'UTC');
  const relevant = new Map<FactCriterion, Timed[]>();
  for (const { criterion: c } of ruleLeaves(rule)) {
    relevant.set(
      c,
      timed.filter(
        ({ fact }) =>
          fact.kind === FACT_KINDS[c.fact] && (c.role === undefined || fact.role === c.role) && (c.outcomeKind === undefined || fact.detail === c.outcomeKind),
      ),
    );
  }
  return { rule, facts: timed, relevant };
}

function judge(node: Criterion, p: Prepared, ms: number, path: string): { satisfied: boolean; evidence: CriterionEvidence[] } {
  if (isLeaf(node)) {
    const r = judgeLeaf(node, p.relevant.get(node) ?? [], ms);
    return { satisfied: r.satisfied, evidence: r.satisfied ? [{ criterion: path, fact: node.fact, eventIds: r.eventIds }] : [] };
  }
  const [kind, children] = isAllOf(node) ? (['allOf', node.allOf] as const) : (['anyOf', node.anyOf] as const);
  const results = children.map((child, i) => judge(child, p, ms, `${path}.${kind}[${i}]`));
  const satisfied = kind === 'allOf' ? results.every((r) => r.satisfied) : results.some((r) => r.satisfied);
  return { satisfied, evidence: satisfied ? results.flatMap((r) => r.evidence) : [] };
}

const NOT_SATISFIED: Evaluation = { satisfied: false, earnedAt: null, evidence: [] };

/** Whether the facts satisfy the rule, since when, and the events behind each satisfied criterion. */
export function evaluateRule(rule: BadgeRule, facts: readonly PersonFact[], options: EvaluationOptions = {}): Evaluation {
  const p = prepare(rule, facts, options);
  const times = [...new Set(p.facts.map((t) => t.ms))];
  if (times.length === 0) return NOT_SATISFIED;
  const at = (i: number) => judge(rule, p, times[i], 'rule');
  let found = -1;
  if (isMonotone(rule)) {
    if (!at(times.length - 1).satisfied) return NOT_SATISFIED;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid).satisfied) hi = mid;
      else lo = mid + 1;
    }
    found = lo;
  } else {
    for (let i = 0; i < times.length && found < 0; i++) if (at(i).satisfied) found = i;
  }
  if (found < 0) return NOT_SATISFIED;
  return { satisfied: true, earnedAt: new Date(times[found]).toISOString(), evidence: at(found).evidence };
}

/** Every criterion's current value against its target, judged at `asOf` (windows end there). */
export function ruleProgress(rule: BadgeRule, facts: readonly PersonFact[], asOf: string, options: EvaluationOptions = {}): CriterionProgress[] {
  const p = prepare(rule, facts, options);
  const ms = Date.parse(asOf);
  return ruleLeaves(rule).map(({ path, criterion: c }) => {
    const r = judgeLeaf(c, p.relevant.get(c) ?? [], ms);
    const base = { criterion: path, fact: c.fact, target: c.atLeast, current: r.current, satisfied: r.satisfied };
    return c.fact === 'averageRating' ? { ...base, ratings: r.ratings ?? 0, minRatings: c.minRatings ?? 1 } : base;
  });
}

/**
 * The facts a rule can look at, per fact kind: the roles it reads them in (null: any role). A reader may load only
 * these (a preview over a whole program); the evaluation filters the same way, so the result does not change.
 */
export function factsReadBy(rule: BadgeRule): Map<FactKind, RuleRole[] | null> {
  const kinds = new Map<FactKind, RuleRole[] | null>();
  for (const { criterion: c } of ruleLeaves(rule)) {
    const kind = FACT_KINDS[c.fact];
    const roles = kinds.has(kind) ? kinds.get(kind) : [];
    kinds.set(kind, roles === null || roles === undefined || c.role === undefined ? null : [...new Set([...roles, c.role])]);
  }
  if (kinds.has('training')) kinds.set('training-correction', kinds.get('training') ?? null);
  return kinds;
}

/** A stable string of an award's result, to tell whether a re-evaluation changed it. */
export function evaluationKey(e: Pick<Evaluation, 'earnedAt' | 'evidence'>): string {
  return JSON.stringify([e.earnedAt, e.evidence.map((x) => [x.criterion, x.fact, x.eventIds])]);
}
