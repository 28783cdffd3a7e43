/**
 * A stable fingerprint of a matching input, so that a stored proposal can prove "same inputs → same result".
 *
 * The fingerprint covers the canonical form the matcher actually works from (participants sorted by id, tokens
 * normalized and sorted, the org chart reduced to each participant's management chain, must-have attribute
 * values only, policy and tuning options; not the `observe` hook). Two inputs with the same canonical form get
 * the same result, whatever the order of their lists or the spelling case of their tokens.
 */
import type { CanonicalParticipant } from './canonical-input';
import { Cohort } from './cohort';
import { MATCHING_CRITERIA, type MatchingInput } from './types';

const participantJson = (p: CanonicalParticipant, role: 'mentor' | 'mentee') => ({
  id: p.participantId,
  employee: p.employeeId,
  manager: p.managerId,
  chain: p.chain,
  tz: p.timeZoneOffsetMinutes,
  languages: p.languages,
  skills: p.skills,
  goals: p.goals,
  interests: p.interests,
  department: p.department,
  ...(role === 'mentor' ? { capacity: p.capacity } : {}),
  mustHave: p.mustHave,
});

/** The canonical JSON text of an input (validated; throws InvalidCommandError like the matcher). */
export function canonicalMatchingInput(input: MatchingInput | Cohort): string {
  const cohort = input instanceof Cohort ? input : new Cohort(input);
  const { policy, options } = cohort;
  return JSON.stringify({
    format: 'tandem.matching-input/1',
    policy: {
      weights: MATCHING_CRITERIA.map((c) => [c, policy.weights[c]]),
      mustHaves: policy.mustHaves,
      maxTimeZoneDifferenceHours: policy.maxTimeZoneDifferenceHours,
      objective: policy.objective,
      minimumScore: policy.minimumScore,
    },
    options: {
      candidatesPerMentee: options.candidatesPerMentee,
      candidatesPerMentorSlot: options.candidatesPerMentorSlot,
      pricingRounds: options.pricingRounds,
    },
    mentors: cohort.mentors.map((p) => participantJson(p, 'mentor')),
    mentees: cohort.mentees.map((p) => participantJson(p, 'mentee')),
    ...(cohort.excluded.length > 0 ? { excluded: cohort.excluded.map((x) => [x.menteeId, x.mentorId]) } : {}),
  });
}

/** `fnv1a64:<16 hex digits>`: FNV-1a (64 bit) of the canonical JSON's UTF-16 code units, little-endian. */
export function inputFingerprint(input: MatchingInput | Cohort): string {
  return `fnv1a64:${fnv1a64(canonicalMatchingInput(input))}`;
}

/** FNV-1a 64-bit over UTF-16LE code units, in two 32-bit halves (no BigInt, no node crypto). */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number) => {
    lo ^= byte;
    // (hi·2^32 + lo) × (2^40 + 0x1b3) mod 2^64
    const loProduct = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(loProduct / 0x100000000);
    hi = ((hi >>> 0) * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProduct >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    step(unit & 0xff);
    step(unit >>> 8);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
