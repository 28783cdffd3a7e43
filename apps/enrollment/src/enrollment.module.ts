import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { ProgramCommandHandlers } from './programs/program.commands';
import { ProgramQueryHandlers } from './programs/program.queries';
import { ProgramsController } from './programs/programs.controller';

export const enrollmentService: ServiceDefinition = {
  name: 'enrollment',
  title: 'Tandem Enrollment API',
  description: 'Programs, applications, matching and pairings. Publishes `mentoring.enrollment.v1`.',
  defaultPort: 3001,
  entities: [],
  migrations: [],
  publishes: ENROLLMENT_CONTRACTS,
  consumes: [],
};

@Module({})
export class EnrollmentModule {}

export function enrollmentModule(config: ServiceConfig): DynamicModule {
  return {
    module: EnrollmentModule,
    imports: [PlatformModule.forService(enrollmentService, config)],
    controllers: [ProgramsController],
    providers: [...ProgramCommandHandlers, ...ProgramQueryHandlers],
  };
}
