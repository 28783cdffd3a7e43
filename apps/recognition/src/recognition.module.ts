import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { BadgeDefinitions1763700000300 } from './migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from './migrations/1763700000310-programs';
import { SetUpBadgeCatalogHandler } from './badges/badges.commands';
import { BadgeCatalogController } from './badges/badges.http';
import { SetUpCatalogOnProgramCreated } from './badges/badges.subscriber';
import { RECOGNITION_PROGRAM_SCOPES } from './programs/programs.queries';
import { RECOGNITION_PROJECTIONS } from './projections';
import { ProgramManagersFromChanged } from './programs/programs.subscriber';

export const recognitionService: ServiceDefinition = {
  name: 'recognition',
  title: 'Tandem Recognition API',
  description: 'Badges, kudos, competitions, credentials and rewards. Publishes `mentoring.recognition.v1`.',
  defaultPort: 3003,
  entities: [],
  migrations: [BadgeDefinitions1763700000300, Programs1763700000310],
  programScopes: RECOGNITION_PROGRAM_SCOPES,
  projections: RECOGNITION_PROJECTIONS,
  publishes: RECOGNITION_CONTRACTS,
  consumes: ENROLLMENT_CONTRACTS,
};

@Module({})
export class RecognitionModule {}

export function recognitionModule(config: ServiceConfig): DynamicModule {
  return {
    module: RecognitionModule,
    imports: [PlatformModule.forService(recognitionService, config)],
    controllers: [BadgeCatalogController],
    providers: [SetUpBadgeCatalogHandler, SetUpCatalogOnProgramCreated, ProgramManagersFromChanged],
  };
}
