import { ruleLeaves, type BadgeRule, type RuleRole } from './badge-rules';
import { FACT_KINDS, monthIndex, type FactKind, type PersonFact } from './rule-evaluation';

/**
 * The facts of a person that decide a rule's evaluation — who qualifies, since when, and the evidence — so a reader
 * over a whole program (a preview, a back-fill) may load only these instead of every fact the rule reads.
 *
 * Per leaf of the rule, its facts (kind, role, outcome kind) are kept:
 * - a count without a window (confirmedSessions, verifiedMenteeOutcomes, goalsAchieved, kudosReceived): the first `atLeast` in the
 *   canonical order (occurrence time to the millisecond, then event id). The count reaches `atLeast` exactly when the
 *   `atLeast`-th fact occurs, and the evidence is those first facts; any later fact changes neither.
 * - consecutiveActiveMonths: the first fact of each active month (the run of months keeps exactly these).
 * - distinctMentees without a window: the first fact with each counterpart (the list the evaluation counts).
 * - anything else (a window, an average, training hours and their corrections): every fact.
 *
 * A leaf judged over any set between its kept facts and all its facts gives the same result at every instant, and
 * the rule's earliest satisfying instant is the occurrence of a kept fact: so `evaluateRule(rule, selectFacts(…))`
 * equals `evaluateRule(rule, facts)` (rule-evaluation.property.spec.ts checks it on random histories).
 * `facts.queries.ts` runs the same selection in SQL.
 */
export type FactKeep = { first: number } | 'firstPerMonth' | 'firstPerCounterpart' | 'all';

export interface FactSelector {
  kind: FactKind;
  /** Only facts of this role (any role when absent). */
  role?: RuleRole;
  /** Only outcomes of this kind. */
  detail?: string;
  keep: FactKeep;
}

const COUNTS = new Set(['confirmedSessions', 'verifiedMenteeOutcomes', 'goalsAchieved', 'kudosReceived']);

/** The selectors of a rule, one per leaf (training hours add their corrections). */
export function factSelectors(rule: BadgeRule): FactSelector[] {
  const selectors: FactSelector[] = [];
  for (const { criterion: c } of ruleLeaves(rule)) {
    const kind = FACT_KINDS[c.fact];
    const keep: FactKeep =
      c.fact === 'consecutiveActiveMonths' ? 'firstPerMonth'
      : c.withinDays !== undefined ? 'all'
      : COUNTS.has(c.fact) ? { first: c.atLeast }
      : c.fact === 'distinctMentees' ? 'firstPerCounterpart'
      : 'all';
    selectors.push({ kind, ...(c.role ? { role: c.role } : {}), ...(c.outcomeKind ? { detail: c.outcomeKind } : {}), keep });
    if (kind === 'training') selectors.push({ kind: 'training-correction', ...(c.role ? { role: c.role } : {}), keep: 'all' });
  }
  return selectors;
}

export const selectorMatches = (s: FactSelector, f: Pick<PersonFact, 'kind' | 'role' | 'detail'>): boolean =>
  f.kind === s.kind && (s.role === undefined || f.role === s.role) && (s.detail === undefined || f.detail === s.detail);

const canonicalOrder = (a: PersonFact, b: PersonFact) =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** The selection in JavaScript (one person's facts): the reference the SQL selection is tested against. */
export function selectFacts(selectors: readonly FactSelector[], facts: readonly PersonFact[], timeZone = 'UTC'): PersonFact[] {
  const unique = [...new Map(facts.map((f) => [f.eventId, f])).values()].sort(canonicalOrder);
  const kept = new Set<PersonFact>();
  for (const s of selectors) {
    const matching = unique.filter((f) => selectorMatches(s, f));
    if (s.keep === 'all') matching.forEach((f) => kept.add(f));
    else if (s.keep === 'firstPerMonth' || s.keep === 'firstPerCounterpart') {
      const seen = new Set<unknown>();
      for (const f of matching) {
        const key = s.keep === 'firstPerMonth' ? monthIndex(Date.parse(f.occurredAt), timeZone) : (f.counterpart ?? null);
        if (!seen.has(key)) kept.add(f);
        seen.add(key);
      }
    } else matching.slice(0, s.keep.first).forEach((f) => kept.add(f));
  }
  return unique.filter((f) => kept.has(f));
}
