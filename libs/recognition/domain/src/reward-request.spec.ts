import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { rewardRequestDecider, type RequestedReward } from './reward-request';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(rewardRequestDecider);
const ref = { programId: 'p1', requestId: 'q1' };
const workshop: RequestedReward = { rewardId: 'r-1', name: 'Workshop', kind: 'workshop', costMinor: 45000, currency: 'EUR', secondApprovalRequired: false };
const request = (reward = workshop) => given([]).when({ type: 'RequestReward', ...ref, mentorId: 'mia', reward, period: '2026', at });
const requested = request();
const approved = given(requested.history()).when({ type: 'ApproveRequest', by: 'pm-1', byAdmin: false, at });
const fulfilled = given(approved.history()).when({ type: 'FulfilRequest', by: 'pm-1', at });

describe('reward request decider (redemption)', () => {
  it('given nothing, when a mentor requests a reward, then it is requested; again is 409', () => {
    requested.then([{ type: 'RewardRequested', data: { ...ref, mentorId: 'mia', reward: workshop, period: '2026', at } }]);
    given(requested.history()).when({ type: 'RequestReward', ...ref, mentorId: 'mia', reward: workshop, period: '2026', at }).thenThrows(IllegalStateError);
  });

  it('given a request, when a manager approves it, then it is approved and can be fulfilled once', () => {
    approved.then([{ type: 'RequestApproved', data: { ...ref, by: 'pm-1', approvers: ['pm-1'], at } }]);
    fulfilled.then([{ type: 'RequestFulfilled', data: { ...ref, by: 'pm-1', at } }]);
    given(fulfilled.history()).when({ type: 'FulfilRequest', by: 'pm-1', at }).thenThrows(IllegalStateError, 'not approved');
    given(requested.history()).when({ type: 'FulfilRequest', by: 'pm-1', at }).thenThrows(IllegalStateError, 'not approved');
  });

  it('given a remuneration request, when a manager approves, then it waits for a different tenant admin', () => {
    const pay = request({ ...workshop, kind: 'remuneration', secondApprovalRequired: true }).history();
    const first = given(pay).when({ type: 'ApproveRequest', by: 'pm-1', byAdmin: false, at });
    first.then([{ type: 'FirstApprovalGiven', data: { ...ref, by: 'pm-1', at } }]);
    given(first.history()).when({ type: 'ApproveRequest', by: 'pm-2', byAdmin: false, at }).thenThrows(ForbiddenError, 'tenant admin');
    given(first.history()).when({ type: 'ApproveRequest', by: 'pm-1', byAdmin: true, at }).thenThrows(IllegalStateError, 'someone else');
    given(first.history()).when({ type: 'ApproveRequest', by: 'root', byAdmin: true, at }).then([{ type: 'RequestApproved', data: { ...ref, by: 'root', approvers: ['pm-1', 'root'], at } }]);
  });

  it('given a pending request, when it is rejected with a reason or cancelled, then it ends there', () => {
    given(requested.history()).when({ type: 'RejectRequest', by: 'pm-1', reason: 'Not this quarter', at }).then([{ type: 'RequestRejected', data: { ...ref, by: 'pm-1', reason: 'Not this quarter', at } }]);
    given(approved.history()).when({ type: 'CancelRequest', by: 'mia', reason: 'Changed my mind', at }).then([{ type: 'RequestCancelled', data: { ...ref, by: 'mia', reason: 'Changed my mind', at } }]);
    given(approved.history()).when({ type: 'RejectRequest', by: 'pm-1', reason: 'late', at }).thenThrows(IllegalStateError, 'not awaiting approval');
    given(fulfilled.history()).when({ type: 'CancelRequest', by: 'pm-1', reason: 'x', at }).thenThrows(IllegalStateError, 'cannot be cancelled');
    given([]).when({ type: 'ApproveRequest', by: 'pm-1', byAdmin: false, at }).thenThrows(NotFoundError);
  });

  it('given a fulfilled reward, when its mentor rates it, then feedback is recorded once; others and early feedback are refused', () => {
    const feedback = given(fulfilled.history()).when({ type: 'GiveFeedback', by: 'mia', satisfaction: 5, relevance: 4, comment: 'Great', at });
    feedback.then([{ type: 'FeedbackGiven', data: { ...ref, satisfaction: 5, relevance: 4, comment: 'Great', at } }]);
    given(feedback.history()).when({ type: 'GiveFeedback', by: 'mia', satisfaction: 5, relevance: 4, comment: null, at }).thenThrows(IllegalStateError, 'already');
    given(fulfilled.history()).when({ type: 'GiveFeedback', by: 'max', satisfaction: 5, relevance: 4, comment: null, at }).thenThrows(ForbiddenError);
    given(approved.history()).when({ type: 'GiveFeedback', by: 'mia', satisfaction: 5, relevance: 4, comment: null, at }).thenThrows(IllegalStateError, 'after fulfilment');
    given(fulfilled.history()).when({ type: 'GiveFeedback', by: 'mia', satisfaction: 6, relevance: 4, comment: null, at }).thenThrows(InvalidCommandError, 'satisfaction');
  });
});
