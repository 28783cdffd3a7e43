/**
 * Validation and canonical form of a matching input.
 *
 * Canonical means: participants sorted by id, free-text tokens trimmed, lower-cased, de-duplicated and sorted,
 * the org chart reduced to each participant's management chain. The whole result of a run depends on this
 * canonical form only (see `fingerprint.ts`), which is what makes "same inputs → same result" provable.
 */
import { InvalidCommandError } from '@tandem/kernel';
import { SCORE_SCALE } from './score-scale';
import {
  MATCHING_CRITERIA,
  type MatchingCriterion,
  type MatchingInput,
  type MatchingObjective,
  type MatchingParticipant,
} from './types';

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

/** The canonical cohort: policy, options, and both sides sorted by id with their management chains. */
export interface CanonicalCohort {
  policy: CanonicalPolicy;
  options: CanonicalOptions;
  mentors: CanonicalParticipant[];
  mentees: CanonicalParticipant[];
  /** Excluded pairs between participants of this cohort, sorted by mentee then mentor id. */
  excluded: { menteeId: string; mentorId: string; reason: string }[];
}

function canonicalExclusions(input: MatchingInput, mentors: CanonicalParticipant[], mentees: CanonicalParticipant[]): CanonicalCohort['excluded'] {
  const list = input.excludedPairs ?? [];
  if (!Array.isArray(list)) throw invalid('excludedPairs must be a list', { field: 'excludedPairs' });
  const mentorIds = new Set(mentors.map((p) => p.participantId));
  const menteeIds = new Set(mentees.map((p) => p.participantId));
  const byKey = new Map<string, { menteeId: string; mentorId: string; reason: string }>();
  for (const x of list) {
    if (typeof x?.menteeId !== 'string' || typeof x.mentorId !== 'string') throw invalid('excludedPairs need a menteeId and a mentorId', { field: 'excludedPairs' });
    if (!menteeIds.has(x.menteeId) || !mentorIds.has(x.mentorId)) continue;
    const key = JSON.stringify([x.menteeId, x.mentorId]);
    const reason = typeof x.reason === 'string' ? x.reason.trim() : '';
    const seen = byKey.get(key);
    if (!seen || reason < seen.reason) byKey.set(key, { menteeId: x.menteeId, mentorId: x.mentorId, reason });
  }
  return [...byKey.values()].sort((a, b) => byCodeUnits(a.menteeId, b.menteeId) || byCodeUnits(a.mentorId, b.mentorId));
}

/** Validates the input (throwing `InvalidCommandError` naming the field) and returns its canonical form. */
export function canonicalCohort(input: MatchingInput): CanonicalCohort {
  if (!input || typeof input !== 'object') throw invalid('A matching input is required');
  const policy = canonicalPolicy(input);
  const options = canonicalOptions(input);
  if (!Array.isArray(input.mentors) || !Array.isArray(input.mentees)) throw invalid('mentors and mentees must be lists');
  const mentors = canonicalParticipants(input.mentors, 'mentor', policy.mustHaves);
  const mentees = canonicalParticipants(input.mentees, 'mentee', policy.mustHaves);
  // Participants' own manager wins over the given chart (in canonical order, should an employee appear twice).
  const chart = buildOrgChart([...mentors, ...mentees], input.managerOf ?? []);
  for (const p of [...mentors, ...mentees]) p.chain = managementChain(p.employeeId, p.managerId, chart);
  return { policy, options, mentors, mentees, excluded: canonicalExclusions(input, mentors, mentees) };
}
