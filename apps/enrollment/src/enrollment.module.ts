import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { ApplicationCommandHandlers } from './applications/application.commands';
import { ApplicationsController } from './applications/applications.controller';
import { MatchingService } from './matching/matching.service';
import { EnrollmentReadModels1763700000010 } from './migrations/1763700000010-enrollment-read-models';
import { PairingCommandHandlers } from './pairings/pairing.commands';
import { PairingWriter } from './pairings/pairing-writer';
import { PairingsController } from './pairings/pairings.controller';
import { ProposalExpiry } from './pairings/proposal-expiry';
import { ProgramCommandHandlers } from './programs/program.commands';
import { ProgramQueryHandlers } from './programs/program.queries';
import { ProgramsController } from './programs/programs.controller';
import { ENROLLMENT_ENTITIES } from './read-models/entities';

export const enrollmentService: ServiceDefinition = {
  name: 'enrollment',
  title: 'Tandem Enrollment API',
  description: 'Programs, applications, explainable cohort matching and pairings. Publishes `mentoring.enrollment.v1`.',
  defaultPort: 3001,
  entities: ENROLLMENT_ENTITIES,
  migrations: [EnrollmentReadModels1763700000010],
  publishes: ENROLLMENT_CONTRACTS,
  consumes: [],
};

@Module({})
export class EnrollmentModule {}

export function enrollmentModule(config: ServiceConfig): DynamicModule {
  return {
    module: EnrollmentModule,
    imports: [PlatformModule.forService(enrollmentService, config)],
    controllers: [ProgramsController, ApplicationsController, PairingsController],
    providers: [...ProgramCommandHandlers, ...ProgramQueryHandlers, ...ApplicationCommandHandlers, ...PairingCommandHandlers, PairingWriter, MatchingService, ProposalExpiry],
  };
}
