import { InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';

/**
 * The tenant's newsletter feed (stream `WallFeed-newsletter`, one per tenant): the Atom feed of the recognition wall is served at a
 * secret URL. Only the SHA-256 of the secret is kept (a stored event never reveals it); a manager rotates it, and the
 * previous URL stops working at once. The secret itself is shown once, to the manager who rotated it.
 */
export type WallFeedCommand = { type: 'RotateFeedSecret'; secretHash: string; at: string; by: string };
export type FeedSecretRotated = DomainEvent<'FeedSecretRotated', { secretHash: string; rotation: number; at: string; by: string }>;
export type WallFeedEvent = FeedSecretRotated;
export type WallFeedState = { rotations: number; secretHash: string | null };

export const WALL_FEED_STREAM = 'WallFeed-newsletter';
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const wallFeedDecider: Decider<WallFeedCommand, WallFeedEvent, WallFeedState> = {
  initialState: () => ({ rotations: 0, secretHash: null }),
  decide(command, state) {
    if (!SHA256_HEX.test(command.secretHash)) throw new InvalidCommandError('secretHash must be a SHA-256 digest (hex)', 'feed.invalid');
    if (command.secretHash === state.secretHash) return [];
    return [{ type: 'FeedSecretRotated', data: { secretHash: command.secretHash, rotation: state.rotations + 1, at: command.at, by: command.by } }];
  },
  evolve: (_state, event) => ({ rotations: event.data.rotation, secretHash: event.data.secretHash }),
};
