import { InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { wallFeedDecider } from './wall-feed';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(wallFeedDecider);
const hash = (c: string) => c.repeat(64);

describe('wall feed decider (the secret URL of the Atom feed)', () => {
  it('given no feed, when a manager rotates the secret, then only its hash is kept; each rotation replaces the last', () => {
    const first = given([]).when({ type: 'RotateFeedSecret', secretHash: hash('a'), at, by: 'pm-1' });
    first.then([{ type: 'FeedSecretRotated', data: { secretHash: hash('a'), rotation: 1, at, by: 'pm-1' } }]);
    given(first.history()).when({ type: 'RotateFeedSecret', secretHash: hash('b'), at, by: 'pm-2' }).then([{ type: 'FeedSecretRotated', data: { secretHash: hash('b'), rotation: 2, at, by: 'pm-2' } }]);
    given(first.history()).when({ type: 'RotateFeedSecret', secretHash: hash('a'), at, by: 'pm-1' }).thenNothingHappened();
  });

  it('given nothing, when the hash is not a SHA-256 digest (a secret in clear), then 400', () => {
    given([]).when({ type: 'RotateFeedSecret', secretHash: 'my-secret', at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'SHA-256');
  });
});
