import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, ReportingTimeZones, reportingTimeZonesFromEnvironment, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { EngagementController } from './engagement/engagement.http';
import { EvaluationController, TenantKpisController } from './evaluation/evaluation.http';
import { ProgramReadModels1763700000100 } from './migrations/1763700000100-program-read-models';
import { Participation1763700000110 } from './migrations/1763700000110-participation';
import { Engagement1763700000120 } from './migrations/1763700000120-engagement';
import { ProgramManagers1763700000130 } from './migrations/1763700000130-program-managers';
import { ExportsController } from './exports/exports.http';
import { Recognitions1763700000140 } from './migrations/1763700000140-recognitions';
import { AnalystAccess1763700000150 } from './migrations/1763700000150-analyst-access';
import { RoiAssumptions1763700000160 } from './migrations/1763700000160-roi-assumptions';
import { KpiHistory1763700000170 } from './migrations/1763700000170-kpi-history';
import { GoalsAndMentors1763700000180 } from './migrations/1763700000180-goals-and-mentors';
import { Rewards1763700000450 } from './migrations/1763700000450-rewards';
import { ReportingTimeZones1763700000460 } from './migrations/1763700000460-reporting-time-zones';
import { ProgramsController } from './programs/programs.http';
import { ANALYTICS_PROGRAM_SCOPES } from './programs/programs.queries';
import { ANALYTICS_INTEGRATION_PROJECTIONS, ANALYTICS_PROJECTIONS } from './projections';
import { RoiCommandHandlers } from './roi/roi.commands';
import { RoiController } from './roi/roi.http';
import { RecognitionsController } from './recognitions/recognitions.http';
import { RewardFiguresController } from './rewards/rewards.http';
import { ReportingTimeZonesTable } from './time-zones/reporting-time-zones';

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'Tandem Analytics API',
  description: 'Read models over every public event stream, for analysts, program managers and sponsors.',
  defaultPort: 3004,
  // Read models are written with explicit SQL (`<feature>.projection.ts`); the tables come from the migrations.
  entities: [],
  migrations: [
    ProgramReadModels1763700000100,
    Participation1763700000110,
    Engagement1763700000120,
    ProgramManagers1763700000130,
    Recognitions1763700000140,
    AnalystAccess1763700000150,
    RoiAssumptions1763700000160,
    KpiHistory1763700000170,
    GoalsAndMentors1763700000180,
    Rewards1763700000450,
    ReportingTimeZones1763700000460,
  ],
  programScopes: ANALYTICS_PROGRAM_SCOPES,
  projections: ANALYTICS_PROJECTIONS,
  integrationProjections: ANALYTICS_INTEGRATION_PROJECTIONS,
  publishes: [],
  consumes: [...ENROLLMENT_CONTRACTS, ...SESSION_TRACKING_CONTRACTS, ...RECOGNITION_CONTRACTS],
};

@Module({})
export class AnalyticsModule {}

export function analyticsModule(config: ServiceConfig): DynamicModule {
  return {
    module: AnalyticsModule,
    imports: [PlatformModule.forService(analyticsService, config)],
    controllers: [ProgramsController, EngagementController, EvaluationController, TenantKpisController, RoiController, RecognitionsController, ExportsController, RewardFiguresController],
    providers: [...RoiCommandHandlers, { provide: ReportingTimeZones, useFactory: reportingTimeZonesFromEnvironment }, ReportingTimeZonesTable],
  };
}
