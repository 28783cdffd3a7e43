import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { EvaluateHealthHandler } from './engagement-health/engagement-health.commands';
import { EngagementHealthChecker, EngagementHealthScheduler } from './engagement-health/engagement-health.schedule';
import { RunGoalsCommandHandler } from './goals/goals.commands';
import { GoalsController } from './goals/goals.http';
import { ProgramPolicies1763700000200 } from './migrations/1763700000200-program-policies';
import { SessionTracking1763700000210 } from './migrations/1763700000210-session-tracking';
import { ProgramManagers1763700000220 } from './migrations/1763700000220-program-managers';
import { LedgerRebuild1763700000230 } from './migrations/1763700000230-ledger-rebuild';
import { ImportHold1763700000240 } from './migrations/1763700000240-import-hold';
import { HistoryImportController } from './imports/imports.http';
import { ImportHistoryRowHandler, ReleaseImportHoldsHandler } from './imports/imports.commands';
import { RunOutcomeCommandHandler } from './outcomes/outcomes.commands';
import { OutcomesController } from './outcomes/outcomes.http';
import { PairingsController } from './pairings/pairings.http';
import { PairAccess } from './pairings/pairings.queries';
import { PrivateNotesController } from './private-notes/private-notes.http';
import { ProgramPolicyController } from './program-policies/program-policies.http';
import { SESSION_TRACKING_INTEGRATION_PROJECTIONS, SESSION_TRACKING_PROJECTIONS } from './projections';
import { AnswerPulseHandler } from './pulse/pulse.commands';
import { PulseController } from './pulse/pulse.http';
import { RunRoadmapCommandHandler } from './roadmaps/roadmaps.commands';
import { RoadmapsController } from './roadmaps/roadmaps.http';
import { RunSessionCommandHandler } from './sessions/sessions.commands';
import { SessionsController } from './sessions/sessions.http';
import { SessionQueries } from './sessions/sessions.queries';
import { loadSessionTrackingSettings, SESSION_TRACKING_SETTINGS } from './settings';
import { MessagingOutbox, Outbox } from './shared/outbox';
import { CorrectTrainingHoursHandler, CreditSessionHoursHandler } from './training-hours/training-hours.commands';
import { TrainingHoursController } from './training-hours/training-hours.http';

export const sessionTrackingService: ServiceDefinition = {
  name: 'session-tracking',
  title: 'Tandem Session Tracking API',
  description:
    'Sessions with two-sided confirmation, private notes, feedback and pulse surveys, goals and roadmaps, verified outcomes, ' +
    'training hours (xAPI export) and engagement health. Publishes `mentoring.session-tracking.v1`; consumes enrollment.',
  defaultPort: 3002,
  entities: [],
  migrations: [ProgramPolicies1763700000200, SessionTracking1763700000210, ProgramManagers1763700000220, LedgerRebuild1763700000230, ImportHold1763700000240],
  // The program of each resource a management route addresses, with its managers (see docs/architecture.md).
  programScopes: {
    program: `SELECT program_id, managers FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
    ...Object.fromEntries(
      (
        [
          ['pairing', 'pairings', 'pairing_id'],
          ['session', 'sessions', 'session_id'],
          ['outcome', 'outcomes', 'outcome_id'],
          ['roadmap', 'roadmaps', 'roadmap_id'],
        ] as const
      ).map(([resource, table, column]) => [
        resource,
        `SELECT r.program_id, coalesce(p.managers, '[]'::jsonb) AS managers FROM session_tracking.${table} r
         LEFT JOIN session_tracking.program_policies p ON p.tenant_id = r.tenant_id AND p.program_id = r.program_id
         WHERE r.tenant_id = $1 AND r.${column} = $2`,
      ]),
    ),
  },
  projections: SESSION_TRACKING_PROJECTIONS,
  integrationProjections: SESSION_TRACKING_INTEGRATION_PROJECTIONS,
  publishes: SESSION_TRACKING_CONTRACTS,
  consumes: ENROLLMENT_CONTRACTS,
};

@Module({})
export class SessionTrackingModule {}

export function sessionTrackingModule(config: ServiceConfig): DynamicModule {
  return {
    module: SessionTrackingModule,
    imports: [PlatformModule.forService(sessionTrackingService, config)],
    controllers: [
      ProgramPolicyController,
      PairingsController,
      SessionsController,
      PrivateNotesController,
      PulseController,
      GoalsController,
      RoadmapsController,
      OutcomesController,
      TrainingHoursController,
      HistoryImportController,
    ],
    providers: [
      { provide: SESSION_TRACKING_SETTINGS, useFactory: () => loadSessionTrackingSettings() },
      { provide: Outbox, useClass: MessagingOutbox },
      PairAccess,
      SessionQueries,
      CreditSessionHoursHandler,
      CorrectTrainingHoursHandler,
      EvaluateHealthHandler,
      AnswerPulseHandler,
      EngagementHealthChecker,
      EngagementHealthScheduler,
      RunSessionCommandHandler,
      RunGoalsCommandHandler,
      RunRoadmapCommandHandler,
      RunOutcomeCommandHandler,
      ImportHistoryRowHandler,
      ReleaseImportHoldsHandler,
    ],
  };
}
