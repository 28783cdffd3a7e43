import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { SESSION_TRACKING_CONTRACTS } from '@tandem/session-tracking-contracts';
import { Engagement1763700000120 } from './migrations/1763700000120-engagement';
import { ProgramManagers1763700000130 } from './migrations/1763700000130-program-managers';
import { EngagementProjectors } from './programs/engagement.projectors';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { ProgramReadModels1763700000100 } from './migrations/1763700000100-program-read-models';
import { Participation1763700000110 } from './migrations/1763700000110-participation';
import { ParticipationProjectors } from './programs/participation.projectors';
import { BadgeDefinitionRow, ProgramRow } from './programs/program.entities';
import { ProgramProjectors } from './programs/program.projectors';
import { ProgramsController } from './programs/programs.controller';

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'Tandem Analytics API',
  description: 'Read models over every public event stream, for analysts, program managers and sponsors.',
  defaultPort: 3004,
  entities: [ProgramRow, BadgeDefinitionRow],
  migrations: [ProgramReadModels1763700000100, Participation1763700000110, Engagement1763700000120, ProgramManagers1763700000130],
  // For `@ProgramScope('program')` routes: the program's managers as analytics last saw them.
  programScopes: { program: `SELECT program_id, managers FROM analytics.programs WHERE tenant_id = $1 AND program_id = $2` },
  publishes: [],
  consumes: [...ENROLLMENT_CONTRACTS, ...SESSION_TRACKING_CONTRACTS, ...RECOGNITION_CONTRACTS],
};

@Module({})
export class AnalyticsModule {}

export function analyticsModule(config: ServiceConfig): DynamicModule {
  return {
    module: AnalyticsModule,
    imports: [PlatformModule.forService(analyticsService, config)],
    controllers: [ProgramsController],
    providers: [...ProgramProjectors, ...ParticipationProjectors, ...EngagementProjectors],
  };
}
