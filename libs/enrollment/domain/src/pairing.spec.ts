import { ForbiddenError, IllegalStateError, InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { pairingDecider, type PairingCommand } from './pairing';

const at = '2026-11-21T10:00:00.000Z';
const later = '2026-12-10T10:00:00.000Z';
const mentor = { applicationId: 'am', userId: 'mentor-1', employeeId: 'E1', name: 'Grace' };
const mentee = { applicationId: 'ae', userId: 'mentee-1', employeeId: 'E2', name: 'Alan' };
const propose = (over: Partial<Extract<PairingCommand, { type: 'ProposeMatch' }>> = {}): PairingCommand => ({
  type: 'ProposeMatch', pairingId: 'x1', programId: 'p1', runId: 'r1', source: 'cohort-run', mentor, mentee, score: 72.5, breakdown: null,
  algorithmVersion: 'min-cost-flow/1', preApproved: false, menteeAccepted: false, expiresAt: '2026-12-05T10:00:00.000Z', by: 'pm', at, ...over,
});

const given = deciderSpecification(pairingDecider);
const proposed = given([]).when(propose()).history();
const approved = given(proposed).when({ type: 'ApproveProposal', by: 'pm', at }).history();
const mentorAccepted = given(approved).when({ type: 'AcceptMatch', userId: 'mentor-1', at });
const activation = given(mentorAccepted.history()).when({ type: 'AcceptMatch', userId: 'mentee-1', at });
const active = activation.history();

describe('pairing decider', () => {
  it('starts the pairing once the approved match is accepted by both sides, in either order', () => {
    expect(active.map((e) => e.type)).toEqual(['MatchProposed', 'ProposalApproved', 'MatchAccepted', 'MatchAccepted', 'PairingStarted']);
    expect(activation.state()).toMatchObject({ status: 'active', startedAt: at });
  });

  it('needs approval before acceptance, and only the two members may answer', () => {
    given(proposed).when({ type: 'AcceptMatch', userId: 'mentor-1', at }).thenThrows(IllegalStateError, 'Cannot accept yet: a program manager has not approved this match');
    given(approved).when({ type: 'AcceptMatch', userId: 'someone-else', at }).thenThrows(ForbiddenError);
  });

  it('treats a mentee request as approved and accepted by the mentee: the mentor’s yes starts it', () => {
    const requested = given([]).when(propose({ source: 'mentee-request', runId: null, preApproved: true, menteeAccepted: true })).history();
    expect(given(requested).when({ type: 'AcceptMatch', userId: 'mentor-1', at }).events().map((e) => e.type)).toEqual(['MatchAccepted', 'PairingStarted']);
  });

  it('expires a pending proposal only after its deadline, and refuses late acceptance', () => {
    given(approved).when({ type: 'ExpireProposal', at }).thenNothingHappened();
    given(approved).when({ type: 'ExpireProposal', at: later }).then([{ type: 'ProposalExpired', data: { pairingId: 'x1', programId: 'p1', expiredAt: later } }]);
    given(approved).when({ type: 'AcceptMatch', userId: 'mentor-1', at: later }).thenThrows(IllegalStateError, 'The proposal has expired');
  });

  it('pauses, resumes and completes an active pairing; ending early needs a reason', () => {
    const paused = given(active).when({ type: 'PausePairing', by: 'mentee-1', at }).history();
    given(paused).when({ type: 'PausePairing', by: 'mentee-1', at }).thenNothingHappened();
    const resumed = given(paused).when({ type: 'ResumePairing', by: 'mentee-1', at }).history();
    given(resumed).when({ type: 'EndPairingEarly', reason: '  ', by: 'pm', at }).thenThrows(InvalidCommandError, 'Say why the pairing ends early');
    const ended = given(paused).when({ type: 'EndPairingEarly', reason: 'Mentee left', by: 'pm', at }).history();
    expect(ended.at(-1)).toEqual({ type: 'PairingEndedEarly', data: { pairingId: 'x1', programId: 'p1', from: 'paused', reason: 'Mentee left', by: 'pm', at } });
    expect(given(resumed).when({ type: 'CompletePairing', by: 'pm', at }).events()[0]).toMatchObject({ type: 'PairingCompleted', data: { from: 'active' } });
  });

  it('refuses to complete a proposal or decline an active pairing', () => {
    given(proposed).when({ type: 'CompletePairing', by: 'pm', at }).thenThrows(IllegalStateError);
    given(active).when({ type: 'DeclineMatch', userId: 'mentee-1', reason: null, at }).thenThrows(IllegalStateError, 'Cannot decline: the pairing is active');
  });

  it('refuses pairing a person with themselves', () => {
    given([]).when(propose({ mentee: { ...mentor } })).thenThrows(InvalidCommandError, 'A person cannot mentor themselves');
  });
});
