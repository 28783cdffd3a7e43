import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';

/**
 * A mentor's request for a reward (stream `RewardRequest-<program>-<request>`): requested → approved by a program
 * manager (a flagged reward — remuneration — needs a second approval by a tenant admin other than the first approver)
 * or rejected with a reason → fulfilled, or cancelled before it is fulfilled. After fulfilment the mentor rates it once:
 * satisfaction and relevance (1–5) and an optional comment that stays private to the service.
 */
export interface RequestedReward {
  rewardId: string;
  name: string;
  kind: string;
  costMinor: number;
  currency: string;
  secondApprovalRequired: boolean;
}

export type RewardRequestStatus = 'requested' | 'awaiting-second-approval' | 'approved' | 'rejected' | 'fulfilled' | 'cancelled';

export type RewardRequestCommand =
  | { type: 'RequestReward'; programId: string; requestId: string; mentorId: string; reward: RequestedReward; period: string; at: string }
  | { type: 'ApproveRequest'; by: string; byAdmin: boolean; at: string }
  | { type: 'RejectRequest'; by: string; reason: string; at: string }
  | { type: 'FulfilRequest'; by: string; at: string }
  | { type: 'CancelRequest'; by: string; reason: string; at: string }
  | { type: 'GiveFeedback'; by: string; satisfaction: number; relevance: number; comment: string | null; at: string };

interface Ref {
  programId: string;
  requestId: string;
}
export type RewardRequested = DomainEvent<'RewardRequested', Ref & { mentorId: string; reward: RequestedReward; period: string; at: string }>;
export type FirstApprovalGiven = DomainEvent<'FirstApprovalGiven', Ref & { by: string; at: string }>;
export type RequestApproved = DomainEvent<'RequestApproved', Ref & { by: string; approvers: string[]; at: string }>;
export type RequestRejected = DomainEvent<'RequestRejected', Ref & { by: string; reason: string; at: string }>;
export type RequestFulfilled = DomainEvent<'RequestFulfilled', Ref & { by: string; at: string }>;
export type RequestCancelled = DomainEvent<'RequestCancelled', Ref & { by: string; reason: string; at: string }>;
export type FeedbackGiven = DomainEvent<'FeedbackGiven', Ref & { satisfaction: number; relevance: number; comment: string | null; at: string }>;
export type RewardRequestEvent = RewardRequested | FirstApprovalGiven | RequestApproved | RequestRejected | RequestFulfilled | RequestCancelled | FeedbackGiven;

export type RewardRequestState =
  | { exists: false }
  | (Ref & {
      exists: true;
      mentorId: string;
      reward: RequestedReward;
      period: string;
      status: RewardRequestStatus;
      approvers: string[];
      feedback: { satisfaction: number; relevance: number } | null;
    });

export const rewardRequestStreamId = (programId: string, requestId: string) => `RewardRequest-${programId}-${requestId}`;

const PENDING: RewardRequestStatus[] = ['requested', 'awaiting-second-approval'];

const rating = (value: number, field: string) => {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw new InvalidCommandError(`${field} must be an integer from 1 to 5`, 'reward.invalid_rating');
};

export const rewardRequestDecider: Decider<RewardRequestCommand, RewardRequestEvent, RewardRequestState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'RequestReward') {
      if (state.exists) throw new IllegalStateError(`Request ${command.requestId} already exists`, 'reward.request_exists');
      const { programId, requestId, mentorId, reward, period, at } = command;
      return [{ type: 'RewardRequested', data: { programId, requestId, mentorId, reward, period, at } }];
    }
    if (!state.exists) throw new NotFoundError('Reward request not found', 'reward.request_not_found');
    const ref = { programId: state.programId, requestId: state.requestId };
    switch (command.type) {
      case 'ApproveRequest': {
        if (!PENDING.includes(state.status)) throw new IllegalStateError(`The request is ${state.status}, not awaiting approval`, 'reward.not_pending');
        if (state.status === 'requested' && state.reward.secondApprovalRequired) {
          return [{ type: 'FirstApprovalGiven', data: { ...ref, by: command.by, at: command.at } }];
        }
        if (state.status === 'awaiting-second-approval') {
          if (!command.byAdmin) throw new ForbiddenError('Remuneration needs a second approval by a tenant admin', 'reward.second_approval_by_admin');
          if (state.approvers.includes(command.by)) throw new IllegalStateError('The second approval must come from someone else', 'reward.same_approver');
        }
        return [{ type: 'RequestApproved', data: { ...ref, by: command.by, approvers: [...state.approvers, command.by], at: command.at } }];
      }
      case 'RejectRequest':
        if (!PENDING.includes(state.status)) throw new IllegalStateError(`The request is ${state.status}, not awaiting approval`, 'reward.not_pending');
        return [{ type: 'RequestRejected', data: { ...ref, by: command.by, reason: command.reason, at: command.at } }];
      case 'FulfilRequest':
        if (state.status !== 'approved') throw new IllegalStateError(`The request is ${state.status}, not approved`, 'reward.not_approved');
        return [{ type: 'RequestFulfilled', data: { ...ref, by: command.by, at: command.at } }];
      case 'CancelRequest':
        if (![...PENDING, 'approved'].includes(state.status)) throw new IllegalStateError(`A ${state.status} request cannot be cancelled`, 'reward.not_cancellable');
        return [{ type: 'RequestCancelled', data: { ...ref, by: command.by, reason: command.reason, at: command.at } }];
      case 'GiveFeedback':
        if (command.by !== state.mentorId) throw new ForbiddenError('Only the mentor who received the reward rates it', 'reward.not_your_request');
        if (state.status !== 'fulfilled') throw new IllegalStateError(`The request is ${state.status}: feedback comes after fulfilment`, 'reward.not_fulfilled');
        if (state.feedback) throw new IllegalStateError('Feedback was already given', 'reward.feedback_given');
        rating(command.satisfaction, 'satisfaction');
        rating(command.relevance, 'relevance');
        return [{ type: 'FeedbackGiven', data: { ...ref, satisfaction: command.satisfaction, relevance: command.relevance, comment: command.comment, at: command.at } }];
    }
  },

  evolve(state, event) {
    if (event.type === 'RewardRequested') {
      const { programId, requestId, mentorId, reward, period } = event.data;
      return { exists: true, programId, requestId, mentorId, reward, period, status: 'requested', approvers: [], feedback: null };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'FirstApprovalGiven':
        return { ...state, status: 'awaiting-second-approval', approvers: [event.data.by] };
      case 'RequestApproved':
        return { ...state, status: 'approved', approvers: event.data.approvers };
      case 'RequestRejected':
        return { ...state, status: 'rejected' };
      case 'RequestFulfilled':
        return { ...state, status: 'fulfilled' };
      case 'RequestCancelled':
        return { ...state, status: 'cancelled' };
      case 'FeedbackGiven':
        return { ...state, feedback: { satisfaction: event.data.satisfaction, relevance: event.data.relevance } };
    }
  },
};
