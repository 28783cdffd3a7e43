import { fold, ForbiddenError, IllegalStateError } from '@tandem/kernel';
import { pairingDecider, type PairingCommand, type PairingEvent } from './pairing';

const at = '2026-11-21T10:00:00.000Z';
const later = '2026-12-10T10:00:00.000Z';
const mentor = { applicationId: 'am', userId: 'mentor-1', employeeId: 'E1', name: 'Grace' };
const mentee = { applicationId: 'ae', userId: 'mentee-1', employeeId: 'E2', name: 'Alan' };
const propose = (over: Partial<Extract<PairingCommand, { type: 'ProposeMatch' }>> = {}): PairingCommand => ({
  type: 'ProposeMatch', pairingId: 'x1', programId: 'p1', runId: 'r1', source: 'cohort-run', mentor, mentee, score: 72.5, breakdown: null,
  algorithmVersion: 'min-cost-flow/1', preApproved: false, menteeAccepted: false, expiresAt: '2026-12-05T10:00:00.000Z', by: 'pm', at, ...over,
});

function given(events: PairingEvent[]) {
  const when = (command: PairingCommand) => () => pairingDecider.decide(command, fold(pairingDecider, events));
  return { when, then: (command: PairingCommand) => [...events, ...when(command)()] };
}
const proposed = given([]).then(propose());
const approved = given(proposed).then({ type: 'ApproveProposal', by: 'pm', at });
const active = given(given(approved).then({ type: 'AcceptMatch', userId: 'mentor-1', at })).then({ type: 'AcceptMatch', userId: 'mentee-1', at });

describe('pairing decider', () => {
  it('starts the pairing once the approved match is accepted by both sides, in either order', () => {
    expect(active.map((e) => e.type)).toEqual(['MatchProposed', 'ProposalApproved', 'MatchAccepted', 'MatchAccepted', 'PairingStarted']);
    expect(fold(pairingDecider, active)).toMatchObject({ status: 'active', startedAt: at });
  });

  it('needs approval before acceptance, and only the two members may answer', () => {
    expect(given(proposed).when({ type: 'AcceptMatch', userId: 'mentor-1', at })).toThrow('Cannot accept: the pairing is proposed');
    expect(given(approved).when({ type: 'AcceptMatch', userId: 'someone-else', at })).toThrow(ForbiddenError);
  });

  it('treats a mentee request as approved and accepted by the mentee: the mentor’s yes starts it', () => {
    const requested = given([]).then(propose({ source: 'mentee-request', runId: null, preApproved: true, menteeAccepted: true }));
    expect(given(requested).when({ type: 'AcceptMatch', userId: 'mentor-1', at })().map((e) => e.type)).toEqual(['MatchAccepted', 'PairingStarted']);
  });

  it('expires a pending proposal only after its deadline, and refuses late acceptance', () => {
    expect(given(approved).when({ type: 'ExpireProposal', at })()).toEqual([]);
    expect(given(approved).when({ type: 'ExpireProposal', at: later })()).toEqual([{ type: 'ProposalExpired', data: { pairingId: 'x1', programId: 'p1', expiredAt: later } }]);
    expect(given(approved).when({ type: 'AcceptMatch', userId: 'mentor-1', at: later })).toThrow('The proposal has expired');
  });

  it('pauses, resumes and completes an active pairing; ending early needs a reason', () => {
    const paused = given(active).then({ type: 'PausePairing', by: 'mentee-1', at });
    expect(given(paused).when({ type: 'PausePairing', by: 'mentee-1', at })()).toEqual([]);
    const resumed = given(paused).then({ type: 'ResumePairing', by: 'mentee-1', at });
    expect(given(resumed).when({ type: 'EndPairingEarly', reason: '  ', by: 'pm', at })).toThrow('Say why the pairing ends early');
    const ended = given(paused).then({ type: 'EndPairingEarly', reason: 'Mentee left', by: 'pm', at });
    expect(ended.at(-1)).toEqual({ type: 'PairingEndedEarly', data: { pairingId: 'x1', programId: 'p1', from: 'paused', reason: 'Mentee left', by: 'pm', at } });
    expect(given(resumed).when({ type: 'CompletePairing', by: 'pm', at })()[0]).toMatchObject({ type: 'PairingCompleted', data: { from: 'active' } });
  });

  it('refuses to complete a proposal or decline an active pairing', () => {
    expect(given(proposed).when({ type: 'CompletePairing', by: 'pm', at })).toThrow(IllegalStateError);
    expect(given(active).when({ type: 'DeclineMatch', userId: 'mentee-1', reason: null, at })).toThrow('Cannot decline: the pairing is active');
  });

  it('refuses pairing a person with themselves', () => {
    expect(given([]).when(propose({ mentee: { ...mentor } }))).toThrow('A person cannot mentor themselves');
  });
});
