import { IllegalStateError, type Decider, type DomainEvent } from '@tandem/kernel';

export type BadgeTier = 'participation' | 'rising-star' | 'champion' | 'custom';
export type CriterionFact = 'completedSessions' | 'consecutiveActiveMonths' | 'verifiedMenteeOutcomes' | 'feedbackAverage' | 'trainingHours';

export interface BadgeDefinition {
  badgeId: string;
  name: string;
  tier: BadgeTier;
  description: string;
  criteria: { fact: CriterionFact; atLeast: number }[];
}

/** Every program starts with these tiers; program managers add custom ones later. */
export const DEFAULT_BADGES: BadgeDefinition[] = [
  { badgeId: 'participation', name: 'Participation', tier: 'participation', description: 'Completed a first mentoring session', criteria: [{ fact: 'completedSessions', atLeast: 1 }] },
  { badgeId: 'rising-star', name: 'Rising Star', tier: 'rising-star', description: 'Consistent engagement: active three months in a row with five sessions', criteria: [{ fact: 'consecutiveActiveMonths', atLeast: 3 }, { fact: 'completedSessions', atLeast: 5 }] },
  { badgeId: 'champion', name: 'Champion', tier: 'champion', description: 'Significant impact: verified mentee outcomes and excellent feedback', criteria: [{ fact: 'verifiedMenteeOutcomes', atLeast: 2 }, { fact: 'feedbackAverage', atLeast: 4.5 }] },
];

export type BadgeCatalogCommand =
  | { type: 'SetUpCatalog'; programId: string; at: string }
  | { type: 'DefineBadge'; programId: string; badge: BadgeDefinition; at: string };

export type BadgeDefinedEvent = DomainEvent<'BadgeDefined', { programId: string; definedAt: string } & BadgeDefinition>;
export type BadgeCatalogEvent = BadgeDefinedEvent;

export interface BadgeCatalogState {
  badges: Map<string, BadgeDefinition>;
}

export const badgeCatalogStreamId = (programId: string) => `BadgeCatalog-${programId}`;

/** A program's badge catalogue: which badges exist and what earns them. */
export const badgeCatalogDecider: Decider<BadgeCatalogCommand, BadgeCatalogEvent, BadgeCatalogState> = {
  initialState: () => ({ badges: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'SetUpCatalog':
        // Setting up twice (a redelivered ProgramCreated) adds nothing.
        return DEFAULT_BADGES.filter((b) => !state.badges.has(b.badgeId)).map((badge) => ({
          type: 'BadgeDefined' as const,
          data: { programId: command.programId, ...badge, definedAt: command.at },
        }));
      case 'DefineBadge':
        if (state.badges.has(command.badge.badgeId)) {
          throw new IllegalStateError(`Badge ${command.badge.badgeId} already exists`, 'badge.already_exists');
        }
        return [{ type: 'BadgeDefined', data: { programId: command.programId, ...command.badge, definedAt: command.at } }];
    }
  },

  evolve(state, event) {
    const { programId: _p, definedAt: _d, ...badge } = event.data;
    return { badges: new Map(state.badges).set(badge.badgeId, badge) };
  },
};
