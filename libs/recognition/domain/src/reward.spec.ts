import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { rewardDecider, type RewardSpec } from './reward';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(rewardDecider);
const workshop: RewardSpec = {
  rewardId: 'r-1', name: 'Facilitation workshop', description: 'Two days', kind: 'workshop', costMinor: 45000, currency: 'EUR', stock: 1, unlockedBy: ['rising-star'],
};
const added = given([]).when({ type: 'AddReward', programId: 'p1', reward: workshop, at, by: 'pm-1' });
const ref = { programId: 'p1', rewardId: 'r-1' };

describe('reward decider (catalogue item and its stock)', () => {
  it('given nothing, when a reward is added, then it is in the catalogue; remuneration is flagged', () => {
    added.then([{ type: 'RewardAdded', data: { ...workshop, programId: 'p1', flagged: false, at, by: 'pm-1' } }]);
    const pay = { ...workshop, kind: 'remuneration', stock: null };
    given([]).when({ type: 'AddReward', programId: 'p1', reward: pay, at, by: 'pm-1' }).then([{ type: 'RewardAdded', data: { ...pay, programId: 'p1', flagged: true, at, by: 'pm-1' } }]);
  });

  it('given nothing, when a reward has a fractional cost or a bad currency, then it is refused; added twice is 409', () => {
    given([]).when({ type: 'AddReward', programId: 'p1', reward: { ...workshop, costMinor: 1.5, currency: 'euro' }, at, by: 'pm-1' }).thenThrows(InvalidCommandError, /costMinor.*currency/);
    given(added.history()).when({ type: 'AddReward', programId: 'p1', reward: workshop, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'already exists');
  });

  it('given one unit, when two requests reserve it, then the second is out of stock; a release gives it back', () => {
    const first = given(added.history()).when({ type: 'ReserveStock', requestId: 'q1', at });
    first.then([{ type: 'StockReserved', data: { ...ref, requestId: 'q1', available: 0, at } }]);
    given(first.history()).when({ type: 'ReserveStock', requestId: 'q2', at }).thenThrows(IllegalStateError, 'out of stock');
    given(first.history()).when({ type: 'ReserveStock', requestId: 'q1', at }).thenNothingHappened();
    const released = given(first.history()).when({ type: 'ReleaseStock', requestId: 'q1', at });
    released.then([{ type: 'StockReleased', data: { ...ref, requestId: 'q1', available: 1, at } }]);
    given(released.history()).when({ type: 'ReleaseStock', requestId: 'q1', at }).thenNothingHappened();
    given(released.history()).when({ type: 'ReserveStock', requestId: 'q2', at }).then([{ type: 'StockReserved', data: { ...ref, requestId: 'q2', available: 0, at } }]);
  });

  it('given a reward out of stock, when a manager restocks it, then the new units can be reserved; unlimited stock is 409', () => {
    const empty = given(added.history()).when({ type: 'ReserveStock', requestId: 'q1', at }).history();
    const restocked = given(empty).when({ type: 'Restock', quantity: 2, at, by: 'pm-1' });
    restocked.then([{ type: 'RewardRestocked', data: { ...ref, quantity: 2, stock: 3, available: 2, at, by: 'pm-1' } }]);
    given(restocked.history()).when({ type: 'ReserveStock', requestId: 'q2', at }).then([{ type: 'StockReserved', data: { ...ref, requestId: 'q2', available: 1, at } }]);
    given(empty).when({ type: 'Restock', quantity: 0, at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'quantity');
    const unlimited = given([]).when({ type: 'AddReward', programId: 'p1', reward: { ...workshop, stock: null }, at, by: 'pm-1' }).history();
    given(unlimited).when({ type: 'Restock', quantity: 1, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'unlimited');
  });

  it('given an unlimited reward, when it is reserved, then nothing is recorded (no stock to hold)', () => {
    const unlimited = given([]).when({ type: 'AddReward', programId: 'p1', reward: { ...workshop, stock: null }, at, by: 'pm-1' }).history();
    given(unlimited).when({ type: 'ReserveStock', requestId: 'q1', at }).thenNothingHappened();
  });

  it('given a retired reward, when it is reserved, then 409; an unknown reward is 404', () => {
    const retired = given(added.history()).when({ type: 'RetireReward', at, by: 'pm-1' });
    retired.then([{ type: 'RewardRetired', data: { ...ref, at, by: 'pm-1' } }]);
    given(retired.history()).when({ type: 'ReserveStock', requestId: 'q1', at }).thenThrows(IllegalStateError, 'retired');
    given([]).when({ type: 'ReserveStock', requestId: 'q1', at }).thenThrows(NotFoundError);
  });
});
