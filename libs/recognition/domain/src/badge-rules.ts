import { InvalidCommandError } from '@tandem/kernel';

/**
 * A badge rule: declarative criteria over a person's facts in one program, versioned by the badge that carries it.
 *
 *   { allOf: [ { fact: 'consecutiveActiveMonths', atLeast: 3 }, { fact: 'confirmedSessions', atLeast: 5 } ] }
 *   { allOf: [ { fact: 'verifiedMenteeOutcomes', atLeast: 2 }, { fact: 'averageRating', atLeast: 4.5, minRatings: 5 } ] }
 *
 * A leaf names a fact and a target (`atLeast`), optionally a window (`withinDays`: only facts that occurred in the
 * `withinDays` days up to the moment judged), the role the person held (`role`: mentor or mentee; any role when
 * absent) and, for an average, the minimum number of ratings behind it (`minRatings`). `allOf` / `anyOf` combine.
 * `kudosReceived` counts the kudos a mentor received from their mentees (issue 13; role `mentor`).
 */
export const RULE_FACTS = [
  'confirmedSessions',
  'distinctMentees',
  'consecutiveActiveMonths',
  'verifiedMenteeOutcomes',
  'averageRating',
  'trainingHours',
  'goalsAchieved',
  'kudosReceived',
] as const;
export type RuleFact = (typeof RULE_FACTS)[number];

export const RULE_ROLES = ['mentor', 'mentee'] as const;
export type RuleRole = (typeof RULE_ROLES)[number];

export const OUTCOME_KINDS = ['promotion', 'project-completion', 'skill-attainment', 'certification'] as const;

export interface FactCriterion {
  fact: RuleFact;
  atLeast: number;
  withinDays?: number;
  role?: RuleRole;
  /** averageRating only: how many ratings at least must stand behind the average. */
  minRatings?: number;
  /** verifiedMenteeOutcomes only: count only outcomes of this kind. */
  outcomeKind?: (typeof OUTCOME_KINDS)[number];
}
export interface AllOfCriterion {
  allOf: Criterion[];
}
export interface AnyOfCriterion {
  anyOf: Criterion[];
}
export type Criterion = FactCriterion | AllOfCriterion | AnyOfCriterion;
export type BadgeRule = Criterion;

export const isAllOf = (c: Criterion): c is AllOfCriterion => 'allOf' in c;
export const isAnyOf = (c: Criterion): c is AnyOfCriterion => 'anyOf' in c;
export const isLeaf = (c: Criterion): c is FactCriterion => 'fact' in c;

export const MAX_RULE_DEPTH = 4;
export const MAX_RULE_BRANCHES = 20;
export const MAX_WINDOW_DAYS = 3660;

const LEAF_KEYS = new Set(['fact', 'atLeast', 'withinDays', 'role', 'minRatings', 'outcomeKind']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Every problem of a rule, each naming where it is (`rule.allOf[1].atLeast must be …`); empty when it is valid. */
export function ruleProblems(rule: unknown, path = 'rule', depth = 1): string[] {
  if (!isObject(rule)) return [`${path} must be an object`];
  const kinds = ['fact', 'allOf', 'anyOf'].filter((k) => k in rule);
  if (kinds.length !== 1) return [`${path} must have exactly one of fact, allOf, anyOf`];
  const [kind] = kinds;
  if (kind !== 'fact') {
    const extra = Object.keys(rule).filter((k) => k !== kind);
    if (extra.length > 0) return [`${path}.${extra[0]} is not allowed next to ${kind}`];
    const children = rule[kind];
    if (!Array.isArray(children) || children.length === 0 || children.length > MAX_RULE_BRANCHES) {
      return [`${path}.${kind} must be an array of 1 to ${MAX_RULE_BRANCHES} criteria`];
    }
    if (depth >= MAX_RULE_DEPTH) return [`${path}.${kind} nests deeper than ${MAX_RULE_DEPTH} levels`];
    return children.flatMap((child, i) => ruleProblems(child, `${path}.${kind}[${i}]`, depth + 1));
  }
  const problems = Object.keys(rule).filter((k) => !LEAF_KEYS.has(k)).map((k) => `${path}.${k} is not a known criterion field`);
  const fact = rule.fact as RuleFact;
  if (!RULE_FACTS.includes(fact)) return [...problems, `${path}.fact must be one of ${RULE_FACTS.join(', ')}`];
  const { atLeast } = rule;
  if (fact === 'averageRating') {
    if (typeof atLeast !== 'number' || !(atLeast >= 1 && atLeast <= 5)) problems.push(`${path}.atLeast must be a number from 1 to 5 (an average rating)`);
    if (!isInt(rule.minRatings, 1, 10_000)) problems.push(`${path}.minRatings must be an integer from 1 to 10000 (ratings behind the average)`);
  } else {
    if (fact === 'trainingHours') {
      if (typeof atLeast !== 'number' || !(atLeast > 0 && atLeast <= 100_000)) problems.push(`${path}.atLeast must be a number of hours above 0`);
    } else if (!isInt(atLeast, 1, 100_000)) {
      problems.push(`${path}.atLeast must be an integer from 1 to 100000`);
    }
    if ('minRatings' in rule) problems.push(`${path}.minRatings applies to averageRating only`);
  }
  if ('withinDays' in rule) {
    if (fact === 'consecutiveActiveMonths') problems.push(`${path}.withinDays does not apply to consecutiveActiveMonths`);
    else if (!isInt(rule.withinDays, 1, MAX_WINDOW_DAYS)) problems.push(`${path}.withinDays must be an integer from 1 to ${MAX_WINDOW_DAYS}`);
  }
  if ('role' in rule && !RULE_ROLES.includes(rule.role as RuleRole)) problems.push(`${path}.role must be mentor or mentee`);
  if ('outcomeKind' in rule) {
    if (fact !== 'verifiedMenteeOutcomes') problems.push(`${path}.outcomeKind applies to verifiedMenteeOutcomes only`);
    else if (!OUTCOME_KINDS.includes(rule.outcomeKind as never)) problems.push(`${path}.outcomeKind must be one of ${OUTCOME_KINDS.join(', ')}`);
  }
  return problems;
}

/** The rule, checked: an `InvalidCommandError` (HTTP 400) listing every problem otherwise. */
export function validateRule(rule: unknown): BadgeRule {
  const problems = ruleProblems(rule);
  if (problems.length > 0) throw new InvalidCommandError(`Invalid badge rule: ${problems.join('; ')}`, 'badge.invalid_rule', { problems });
  return rule as BadgeRule;
}

/** The leaves of a rule with their paths (`rule`, `rule.allOf[0]`, …), in declaration order. */
export function ruleLeaves(rule: BadgeRule, path = 'rule'): { path: string; criterion: FactCriterion }[] {
  if (isLeaf(rule)) return [{ path, criterion: rule }];
  const [kind, children] = isAllOf(rule) ? ['allOf', rule.allOf] : ['anyOf', (rule as AnyOfCriterion).anyOf];
  return children.flatMap((child, i) => ruleLeaves(child, `${path}.${kind}[${i}]`));
}

/**
 * Whether the rule, once satisfied, stays satisfied as older facts are added to a person's history: true without
 * windows and averages. Such a rule's earliest satisfying moment can be found by bisection.
 */
export function isMonotone(rule: BadgeRule): boolean {
  return ruleLeaves(rule).every(({ criterion }) => criterion.withinDays === undefined && criterion.fact !== 'averageRating');
}
