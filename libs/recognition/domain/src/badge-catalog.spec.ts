import { IllegalStateError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { badgeCatalogDecider, DEFAULT_BADGES } from './badge-catalog';

const at = '2026-11-21T10:00:00.000Z';
const given = deciderSpecification(badgeCatalogDecider);
const setUp = given([]).when({ type: 'SetUpCatalog', programId: 'p1', at });

describe('badge catalogue decider', () => {
  it('given a new program, when the catalogue is set up, then the three default tiers are defined', () => {
    const events = setUp.events();
    expect(events.map((e) => e.data.tier)).toEqual(['participation', 'rising-star', 'champion']);
    expect(events[1].data.criteria).toEqual([{ fact: 'consecutiveActiveMonths', atLeast: 3 }, { fact: 'completedSessions', atLeast: 5 }]);
  });

  it('given a set-up catalogue, when it is set up again, then nothing is added', () => {
    given(setUp.history()).when({ type: 'SetUpCatalog', programId: 'p1', at }).thenNothingHappened();
  });

  it('given a badge, when a badge with the same id is defined, then 409', () => {
    given(setUp.history()).when({ type: 'DefineBadge', programId: 'p1', badge: DEFAULT_BADGES[0], at }).thenThrows(IllegalStateError);
  });
});
