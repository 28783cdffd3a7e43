import { fold, IllegalStateError } from '@tandem/kernel';
import { badgeCatalogDecider, DEFAULT_BADGES, type BadgeCatalogEvent } from './badge-catalog';

const at = '2026-11-21T10:00:00.000Z';
const decide = (history: BadgeCatalogEvent[], command: Parameters<typeof badgeCatalogDecider.decide>[0]) =>
  badgeCatalogDecider.decide(command, fold(badgeCatalogDecider, history));

describe('badge catalogue decider', () => {
  it('given a new program, when the catalogue is set up, then the three default tiers are defined', () => {
    const events = decide([], { type: 'SetUpCatalog', programId: 'p1', at });
    expect(events.map((e) => e.data.tier)).toEqual(['participation', 'rising-star', 'champion']);
    expect(events[1].data.criteria).toEqual([{ fact: 'consecutiveActiveMonths', atLeast: 3 }, { fact: 'completedSessions', atLeast: 5 }]);
  });

  it('given a set-up catalogue, when it is set up again, then nothing is added', () => {
    const history = decide([], { type: 'SetUpCatalog', programId: 'p1', at });
    expect(decide(history, { type: 'SetUpCatalog', programId: 'p1', at })).toEqual([]);
  });

  it('given a badge, when a badge with the same id is defined, then 409', () => {
    const history = decide([], { type: 'SetUpCatalog', programId: 'p1', at });
    expect(() => decide(history, { type: 'DefineBadge', programId: 'p1', badge: DEFAULT_BADGES[0], at })).toThrow(IllegalStateError);
  });
});
