import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { budgetPosition, periodsContaining, rewardBudgetDecider, type RewardBudgetCommand } from './reward-budget';

const at = '2026-12-02T10:00:00.000Z';
const given = deciderSpecification(rewardBudgetDecider);
const ref = { programId: 'p1', period: '2026-Q4' };
const allocated = given([]).when({ type: 'Allocate', ...ref, amountMinor: 1000, currency: 'EUR', note: 'Q4', at, by: 'pm-1' });
const reserve = (requestId: string, amountMinor = 400): RewardBudgetCommand => ({ type: 'Reserve', ...ref, requestId, amountMinor, currency: 'EUR', at });
const twoReserved = given(given(allocated.history()).when(reserve('q1')).history()).when(reserve('q2'));

describe('reward budget decider (the ledger)', () => {
  it('given nothing, when a budget is allocated, then it is the first ledger entry; more allocations add up', () => {
    allocated.then([{ type: 'BudgetAllocated', data: { ...ref, amountMinor: 1000, currency: 'EUR', note: 'Q4', at, by: 'pm-1' } }]);
    const more = given(allocated.history()).when({ type: 'Allocate', ...ref, amountMinor: 500, currency: 'EUR', note: 'top-up', at, by: 'pm-1' });
    expect(budgetPosition(more.state())).toEqual({ allocatedMinor: 1500, reservedMinor: 0, spentMinor: 0, remainingMinor: 1500 });
    given(allocated.history()).when({ type: 'Allocate', ...ref, amountMinor: 5, currency: 'USD', note: '', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'in EUR');
    given([]).when({ type: 'Allocate', ...ref, amountMinor: 0, currency: 'EUR', note: '', at, by: 'pm-1' }).thenThrows(InvalidCommandError);
  });

  it('given 1000 allocated and 800 reserved, when 400 more is asked, then reward.budget_exhausted — never overspent', () => {
    twoReserved.then([{ type: 'BudgetReserved', data: { ...ref, requestId: 'q2', amountMinor: 400, at } }]);
    expect(budgetPosition(twoReserved.state())).toEqual({ allocatedMinor: 1000, reservedMinor: 800, spentMinor: 0, remainingMinor: 200 });
    const error = given(twoReserved.history()).when(reserve('q3')).thenThrows(IllegalStateError, 'exhausted');
    expect(error).toMatchObject({ code: 'reward.budget_exhausted', details: { remainingMinor: 200, askedMinor: 400 } });
    given(twoReserved.history()).when(reserve('q3', 200)).then([{ type: 'BudgetReserved', data: { ...ref, requestId: 'q3', amountMinor: 200, at } }]);
    given(twoReserved.history()).when(reserve('q1')).thenNothingHappened(); // the same request again
  });

  it('given reservations, when one is captured and one released, then spent and remaining follow', () => {
    const captured = given(twoReserved.history()).when({ type: 'Capture', requestId: 'q1', at });
    captured.then([{ type: 'BudgetCaptured', data: { ...ref, requestId: 'q1', amountMinor: 400, at } }]);
    const released = given(captured.history()).when({ type: 'Release', requestId: 'q2', reason: 'rejected', at });
    released.then([{ type: 'BudgetReleased', data: { ...ref, requestId: 'q2', amountMinor: 400, reason: 'rejected', at } }]);
    expect(budgetPosition(released.state())).toEqual({ allocatedMinor: 1000, reservedMinor: 0, spentMinor: 400, remainingMinor: 600 });
    given(released.history()).when({ type: 'Capture', requestId: 'q1', at }).thenNothingHappened();
    given(released.history()).when({ type: 'Release', requestId: 'q2', reason: 'cancelled', at }).thenNothingHappened();
    given(released.history()).when({ type: 'Capture', requestId: 'q2', at }).thenThrows(IllegalStateError, 'Nothing is reserved');
  });

  it('given a budget, when it is corrected, then a new signed entry; below what is committed is 409', () => {
    given(twoReserved.history()).when({ type: 'Correct', amountMinor: -200, reason: 'cut', at, by: 'pm-1' }).then([
      { type: 'BudgetCorrected', data: { ...ref, amountMinor: -200, reason: 'cut', at, by: 'pm-1' } },
    ]);
    given(twoReserved.history()).when({ type: 'Correct', amountMinor: -201, reason: 'cut', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'less than is reserved');
    given([]).when({ type: 'Correct', amountMinor: 5, reason: 'x', at, by: 'pm-1' }).thenThrows(NotFoundError);
  });

  it('given no budget, when a reservation is asked, then reward.no_budget; another currency is refused', () => {
    expect(given([]).when(reserve('q1')).thenThrows(IllegalStateError)).toMatchObject({ code: 'reward.no_budget' });
    given(allocated.history()).when({ ...reserve('q1'), currency: 'USD' } as RewardBudgetCommand).thenThrows(IllegalStateError, 'costs USD');
  });

  it('finds the periods containing a moment, narrowest first', () => {
    expect(periodsContaining('2026-11-15T10:00:00.000Z')).toEqual(['2026-11', '2026-Q4', '2026']);
  });
});
