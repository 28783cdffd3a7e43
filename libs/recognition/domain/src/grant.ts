import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { BadgeTier } from './badge-catalog';

/**
 * Manual recognition (stream `Grant-<program>-<grant>`): a program's manager grants a person of the program a badge
 * of its catalogue or a custom recognition (a title), always with a citation — why. The citation is private to the
 * person, the program's managers and, with the person's consent in the program, the recognition wall: no public event
 * carries it (nor a custom title). A manager may revoke a grant with a reason.
 */
export const CITATION_MAX = 1000;
export const GRANT_TITLE_MAX = 120;

export interface GrantSpec {
  grantId: string;
  personId: string;
  /** `badge`: a badge of the program's catalogue (`badgeId`, its tier); `custom`: a recognition named by `title`. */
  kind: 'badge' | 'custom';
  badgeId: string | null;
  tier: BadgeTier | null;
  title: string;
  citation: string;
}

export type GrantCommand =
  | { type: 'GrantRecognition'; programId: string; grant: GrantSpec; at: string; by: string }
  | { type: 'RevokeGrant'; reason: string; at: string; by: string };

export type RecognitionGranted = DomainEvent<'RecognitionGranted', GrantSpec & { programId: string; at: string; by: string }>;
export type GrantRevoked = DomainEvent<'GrantRevoked', { programId: string; grantId: string; personId: string; reason: string; at: string; by: string }>;
export type GrantEvent = RecognitionGranted | GrantRevoked;

export type GrantState = { exists: false } | (GrantSpec & { exists: true; programId: string; revoked: boolean });

export const grantStreamId = (programId: string, grantId: string) => `Grant-${programId}-${grantId}`;

function checkGrant(g: GrantSpec): void {
  const problems: string[] = [];
  const citation = g.citation.trim();
  if (citation.length < 1 || citation.length > CITATION_MAX) problems.push(`citation must be 1 to ${CITATION_MAX} characters`);
  if (g.title.trim().length < 1 || g.title.length > GRANT_TITLE_MAX) problems.push(`title must be 1 to ${GRANT_TITLE_MAX} characters`);
  if (g.kind === 'badge' && (!g.badgeId || !g.tier)) problems.push('badgeId is required to grant a badge');
  if (g.kind === 'custom' && (g.badgeId !== null || g.tier !== null)) problems.push('a custom recognition names no badge');
  if (problems.length > 0) throw new InvalidCommandError(problems.join('; '), 'grant.invalid');
}

export const grantDecider: Decider<GrantCommand, GrantEvent, GrantState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'GrantRecognition') {
      if (state.exists) throw new IllegalStateError(`Grant ${command.grant.grantId} already exists`, 'grant.exists');
      checkGrant(command.grant);
      return [{ type: 'RecognitionGranted', data: { ...command.grant, citation: command.grant.citation.trim(), programId: command.programId, at: command.at, by: command.by } }];
    }
    if (!state.exists) throw new NotFoundError('Grant not found', 'grant.not_found');
    if (state.revoked) throw new IllegalStateError('The grant is already revoked', 'grant.revoked');
    if (command.reason.trim().length < 1) throw new InvalidCommandError('reason is required', 'grant.invalid');
    return [{ type: 'GrantRevoked', data: { programId: state.programId, grantId: state.grantId, personId: state.personId, reason: command.reason.trim(), at: command.at, by: command.by } }];
  },

  evolve(state, event) {
    if (event.type === 'RecognitionGranted') {
      const { at: _at, by: _by, ...grant } = event.data;
      return { ...grant, exists: true, revoked: false };
    }
    return state.exists ? { ...state, revoked: true } : state;
  },
};
