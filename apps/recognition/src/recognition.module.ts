import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { BadgeDefinitions1763700000300 } from './migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from './migrations/1763700000310-programs';
import { SetUpBadgeCatalogHandler } from './badges/badges.commands';
import { Awards1763700000320 } from './migrations/1763700000320-awards';
import { FactsByKind1763700000330 } from './migrations/1763700000330-facts-by-kind';
import { Rewards1763700000400 } from './migrations/1763700000400-rewards';
import { Credentials1763700000700 } from './migrations/1763700000700-credentials';
import { CredentialCommandHandlers } from './credentials/credentials.commands';
import { CredentialsController } from './credentials/credentials.http';
import { CredentialDocuments } from './credentials/credentials.queries';
import { Community1763700000500 } from './migrations/1763700000500-community';
import { CompetitionCommandHandlers } from './competitions/competitions.commands';
import { CompetitionsController } from './competitions/competitions.http';
import { CompetitionClosing } from './competitions/competitions.schedule';
import { GrantCommandHandlers } from './grants/grants.commands';
import { GrantsController } from './grants/grants.http';
import { KudosCommandHandlers } from './kudos/kudos.commands';
import { KudosController } from './kudos/kudos.http';
import { WallCommandHandlers } from './wall/wall.commands';
import { WallController } from './wall/wall.http';
import { RewardBudgetCommandHandlers } from './reward-budgets/reward-budgets.commands';
import { RewardBudgetsController } from './reward-budgets/reward-budgets.http';
import { RewardRequestCommandHandlers } from './reward-requests/reward-requests.commands';
import { RewardRequestsController } from './reward-requests/reward-requests.http';
import { RewardCommandHandlers } from './rewards/rewards.commands';
import { RewardsController } from './rewards/rewards.http';
import { ActivitySubscribers } from './activity/activity.subscriber';
import { AwardCommandHandlers } from './awards/awards.commands';
import { AwardsController } from './awards/awards.http';
import { BadgeRuleCommandHandlers } from './badge-rules/badge-rules.commands';
import { BadgeRulesController } from './badge-rules/badge-rules.http';
import { AwardOnFactsChanged } from './policies/award-on-facts.policy';
import { GrantCompetitionWinner } from './policies/grant-competition-winner.policy';
import { ProgressController } from './progress/progress.http';
import { BadgeCatalogController } from './badges/badges.http';
import { SetUpCatalogOnProgramCreated } from './badges/badges.subscriber';
import { RECOGNITION_PROGRAM_SCOPES } from './programs/programs.queries';
import { RECOGNITION_INTEGRATION_PROJECTIONS, RECOGNITION_PROJECTIONS } from './projections';
import { loadRecognitionSettings, RECOGNITION_SETTINGS } from './settings';

export const recognitionService: ServiceDefinition = {
  name: 'recognition',
  title: 'Tandem Recognition API',
  description:
    'Badges with versioned rules, automatic awards with evidence, progress and rule previews; rewards on a budget ledger that is never overspent, personalized, with feedback; kudos from mentees, manual grants with citations, Mentor of the Year with secret ballots, a consent-gated recognition wall and Atom feed Open Badges 3.0 credentials anyone can verify. Publishes `mentoring.recognition.v1`; consumes enrollment and session tracking.',
  defaultPort: 3003,
  entities: [],
  migrations: [BadgeDefinitions1763700000300, Programs1763700000310, Awards1763700000320, FactsByKind1763700000330, Rewards1763700000400, Community1763700000500, Credentials1763700000700],
  programScopes: RECOGNITION_PROGRAM_SCOPES,
  projections: RECOGNITION_PROJECTIONS,
  integrationProjections: RECOGNITION_INTEGRATION_PROJECTIONS,
  publishes: RECOGNITION_CONTRACTS,
  consumes: [...ENROLLMENT_CONTRACTS, ...SESSION_TRACKING_CONTRACTS],
};

@Module({})
export class RecognitionModule {}

export function recognitionModule(config: ServiceConfig): DynamicModule {
  return {
    module: RecognitionModule,
    imports: [PlatformModule.forService(recognitionService, config)],
    controllers: [BadgeCatalogController, BadgeRulesController, AwardsController, ProgressController, RewardsController, RewardBudgetsController, RewardRequestsController, KudosController, GrantsController, WallController, CompetitionsController, CredentialsController],
    providers: [
      { provide: RECOGNITION_SETTINGS, useFactory: () => loadRecognitionSettings() },
      SetUpBadgeCatalogHandler,
      SetUpCatalogOnProgramCreated,
      ...ActivitySubscribers,
      AwardOnFactsChanged,
      ...AwardCommandHandlers,
      ...BadgeRuleCommandHandlers,
      ...RewardCommandHandlers,
      ...RewardBudgetCommandHandlers,
      ...RewardRequestCommandHandlers,
      ...CredentialCommandHandlers,
      CredentialDocuments,
      ...KudosCommandHandlers,
      ...GrantCommandHandlers,
      ...WallCommandHandlers,
      ...CompetitionCommandHandlers,
      GrantCompetitionWinner,
      CompetitionClosing,
    ],
  };
}
