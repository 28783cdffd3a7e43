import { defineContract } from '@tandem/kernel';
import { ENROLLMENT_TOPIC } from './program-events';

// What happens to a proposal after `MatchProposed`: the manager's decision, each side's answer, expiry, and the
// lifting of the exclusion a rejection or a decline leaves behind (a rejected or declined pair is not proposed
// again by the program's matching until a manager lifts it). Analytics derives decline rates and time to match.

const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const reason = { type: ['string', 'null'] } as const;
const side = { enum: ['mentor', 'mentee'] } as const;

/** Every proposal event names the proposal and both applications, so a consumer needs no other state. */
export interface ProposalRefV1 {
  tenantId: string;
  programId: string;
  proposalId: string;
  mentorApplicationId: string;
  menteeApplicationId: string;
}

const ref = { tenantId: id, programId: id, proposalId: id, mentorApplicationId: id, menteeApplicationId: id } as const;
const refRequired = ['tenantId', 'programId', 'proposalId', 'mentorApplicationId', 'menteeApplicationId'] as const;

/** The proposal every example below is about. */
const exampleRef: ProposalRefV1 = {
  tenantId: 'acme',
  programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
  proposalId: '9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d',
  mentorApplicationId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  menteeApplicationId: 'e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c1b',
};

function proposalContract<P extends ProposalRefV1>(name: string, description: string, properties: Record<string, unknown>, example: Omit<P, keyof ProposalRefV1>) {
  return defineContract<P>({
    context: 'enrollment',
    name,
    version: 1,
    topic: ENROLLMENT_TOPIC,
    key: (p) => p.programId,
    subject: (p) => `programs/${p.programId}/proposals/${p.proposalId}`,
    schema: { description, type: 'object', additionalProperties: false, required: [...refRequired, ...Object.keys(properties)], properties: { ...ref, ...properties } },
    example: { ...exampleRef, ...example } as P,
  });
}

export interface ProposalApprovedV1 extends ProposalRefV1 {
  approvedBy: string;
  approvedAt: string;
}
export const ProposalApproved = proposalContract<ProposalApprovedV1>(
  'ProposalApproved',
  'A program manager approved a proposed match (or made it by hand); it now awaits both acceptances.',
  { approvedBy: id, approvedAt: isoTime },
  { approvedBy: 'auth0|pm-lin', approvedAt: '2026-11-16T11:00:00.000Z' },
);

export interface ProposalRejectedV1 extends ProposalRefV1 {
  reason: string | null;
  rejectedBy: string;
  rejectedAt: string;
}
export const ProposalRejected = proposalContract<ProposalRejectedV1>(
  'ProposalRejected',
  "A program manager rejected a proposed match; both sides' capacity is free again and the pair is excluded from later runs.",
  { reason, rejectedBy: id, rejectedAt: isoTime },
  { reason: 'Same team: pick a mentor from another department', rejectedBy: 'auth0|pm-lin', rejectedAt: '2026-11-16T11:05:00.000Z' },
);

export interface MatchAcceptedV1 extends ProposalRefV1 {
  side: 'mentor' | 'mentee';
  acceptedAt: string;
}
export const MatchAccepted = proposalContract<MatchAcceptedV1>(
  'MatchAccepted',
  'The mentor or the mentee accepted an approved match (PairingStarted follows once both have).',
  { side, acceptedAt: isoTime },
  { side: 'mentee', acceptedAt: '2026-11-17T08:30:00.000Z' },
);

/** The participant's own words on why they declined stay inside enrollment: they are about a colleague. */
export interface MatchDeclinedV1 extends ProposalRefV1 {
  side: 'mentor' | 'mentee';
  declinedAt: string;
}
export const MatchDeclined = proposalContract<MatchDeclinedV1>(
  'MatchDeclined',
  "The mentor or the mentee declined a match; both sides' capacity is free again and the pair is excluded from later runs. The participant's reason is not published.",
  { side, declinedAt: isoTime },
  { side: 'mentor', declinedAt: '2026-11-17T09:10:00.000Z' },
);

export interface ProposalExpiredV1 extends ProposalRefV1 {
  expiredAt: string;
}
export const ProposalExpired = proposalContract<ProposalExpiredV1>(
  'ProposalExpired',
  'A proposal was not approved and accepted in time; both sides are free again.',
  { expiredAt: isoTime },
  { expiredAt: '2026-11-30T10:00:00.000Z' },
);

export interface PairExclusionLiftedV1 extends ProposalRefV1 {
  reason: string | null;
  liftedBy: string;
  liftedAt: string;
}
export const PairExclusionLifted = proposalContract<PairExclusionLiftedV1>(
  'PairExclusionLifted',
  'A program manager lifted the exclusion of a rejected or declined pair: later matching runs may propose it again.',
  { reason, liftedBy: id, liftedAt: isoTime },
  { reason: 'The teams were reorganised', liftedBy: 'auth0|pm-lin', liftedAt: '2026-12-01T09:00:00.000Z' },
);
