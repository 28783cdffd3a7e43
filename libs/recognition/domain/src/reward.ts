import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';

/**
 * One reward of a program's catalogue (stream `Reward-<program>-<reward>`): what it is, what it costs (integer minor
 * units of an ISO 4217 currency), which badges or tiers unlock it and, when it has one, its stock. A request holds one
 * unit (`StockReserved`), a rejection or cancellation gives it back (`StockReleased`): the stock on hand never goes
 * below zero, because every hold is decided on the stream's current state and appended at its expected version.
 * Remuneration is allowed but flagged: paying a mentor can change the mentoring relationship, so its requests need a
 * second approval by a tenant admin.
 */
export interface RewardSpec {
  rewardId: string;
  name: string;
  description: string;
  /** `training`, `workshop`, `conference`, `network`, `event`, `public-recognition`, `gift` or `remuneration`. */
  kind: string;
  costMinor: number;
  currency: string;
  /** Units on hand; null: unlimited. */
  stock: number | null;
  /** Badge ids or tiers (`rising-star`) of which the mentor must hold one; empty: every mentor of the program. */
  unlockedBy: string[];
}

export const REMUNERATION_WARNING =
  'Remuneration is allowed but flagged: payment can change the mentoring relationship (motivation, perceived obligation, tax). Each request needs a second approval by a tenant admin.';

export type RewardCommand =
  | { type: 'AddReward'; programId: string; reward: RewardSpec; at: string; by: string }
  | { type: 'ReserveStock'; requestId: string; at: string }
  | { type: 'ReleaseStock'; requestId: string; at: string }
  | { type: 'Restock'; quantity: number; at: string; by: string }
  | { type: 'RetireReward'; at: string; by: string };

export type RewardAdded = DomainEvent<'RewardAdded', RewardSpec & { programId: string; flagged: boolean; at: string; by: string }>;
export type StockReserved = DomainEvent<'StockReserved', { programId: string; rewardId: string; requestId: string; available: number; at: string }>;
export type StockReleased = DomainEvent<'StockReleased', { programId: string; rewardId: string; requestId: string; available: number; at: string }>;
export type RewardRestocked = DomainEvent<'RewardRestocked', { programId: string; rewardId: string; quantity: number; stock: number; available: number; at: string; by: string }>;
export type RewardRetired = DomainEvent<'RewardRetired', { programId: string; rewardId: string; at: string; by: string }>;
export type RewardEvent = RewardAdded | StockReserved | StockReleased | RewardRestocked | RewardRetired;

export type RewardState =
  | { exists: false }
  | (RewardSpec & { exists: true; programId: string; flagged: boolean; retired: boolean; available: number | null; holds: string[] });

export const rewardStreamId = (programId: string, rewardId: string) => `Reward-${programId}-${rewardId}`;

/** Whether requests of this kind need a tenant admin's second approval. */
export const needsSecondApproval = (kind: string): boolean => kind === 'remuneration';

const CURRENCY = /^[A-Z]{3}$/;

function checkSpec(r: RewardSpec): void {
  const problems: string[] = [];
  if (!Number.isSafeInteger(r.costMinor) || r.costMinor < 1) problems.push('costMinor must be a positive integer (minor units)');
  if (!CURRENCY.test(r.currency)) problems.push('currency must be an ISO 4217 code');
  if (r.stock !== null && (!Number.isSafeInteger(r.stock) || r.stock < 0)) problems.push('stock must be a non-negative integer or null');
  if (problems.length > 0) throw new InvalidCommandError(problems.join('; '), 'reward.invalid');
}

export const rewardDecider: Decider<RewardCommand, RewardEvent, RewardState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'AddReward') {
      if (state.exists) throw new IllegalStateError(`Reward ${command.reward.rewardId} already exists`, 'reward.exists');
      checkSpec(command.reward);
      return [{ type: 'RewardAdded', data: { ...command.reward, programId: command.programId, flagged: needsSecondApproval(command.reward.kind), at: command.at, by: command.by } }];
    }
    if (!state.exists) throw new NotFoundError('Reward not found', 'reward.not_found');
    const ref = { programId: state.programId, rewardId: state.rewardId };
    switch (command.type) {
      case 'RetireReward':
        if (state.retired) throw new IllegalStateError('The reward is already retired', 'reward.retired');
        return [{ type: 'RewardRetired', data: { ...ref, at: command.at, by: command.by } }];
      case 'ReserveStock':
        if (state.retired) throw new IllegalStateError('The reward is retired', 'reward.retired');
        if (state.available === null || state.holds.includes(command.requestId)) return [];
        if (state.available < 1) throw new IllegalStateError(`${state.name} is out of stock`, 'reward.out_of_stock');
        return [{ type: 'StockReserved', data: { ...ref, requestId: command.requestId, available: state.available - 1, at: command.at } }];
      case 'Restock':
        if (!Number.isSafeInteger(command.quantity) || command.quantity < 1) throw new InvalidCommandError('quantity must be a positive integer', 'reward.invalid_quantity');
        if (state.stock === null || state.available === null) throw new IllegalStateError(`${state.name} has no stock to add to (unlimited)`, 'reward.unlimited_stock');
        return [{ type: 'RewardRestocked', data: { ...ref, quantity: command.quantity, stock: state.stock + command.quantity, available: state.available + command.quantity, at: command.at, by: command.by } }];
      case 'ReleaseStock':
        if (state.available === null || !state.holds.includes(command.requestId)) return [];
        return [{ type: 'StockReleased', data: { ...ref, requestId: command.requestId, available: state.available + 1, at: command.at } }];
    }
  },

  evolve(state, event) {
    if (event.type === 'RewardAdded') {
      const { at: _at, by: _by, ...spec } = event.data;
      return { ...spec, exists: true, retired: false, available: spec.stock, holds: [] };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'StockReserved':
        return { ...state, available: event.data.available, holds: [...state.holds, event.data.requestId] };
      case 'StockReleased':
        return { ...state, available: event.data.available, holds: state.holds.filter((h) => h !== event.data.requestId) };
      case 'RewardRestocked':
        return { ...state, stock: event.data.stock, available: event.data.available };
      case 'RewardRetired':
        return { ...state, retired: true };
    }
  },
};
