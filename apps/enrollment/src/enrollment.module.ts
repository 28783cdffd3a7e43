import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { ApplicationCommandHandlers } from './applications/applications.commands';
import { ApplicationsController } from './applications/applications.http';
import { MatchingCommandHandlers, MatchingService } from './matching/matching.commands';
import { MatchingController } from './matching/matching.http';
import { EnrollmentReadModels1763700000010 } from './migrations/1763700000010-enrollment-read-models';
import { ProgramManagers1763700000020 } from './migrations/1763700000020-program-managers';
import { PairingExclusions1763700000030 } from './migrations/1763700000030-pairing-exclusions';
import { PairingCommandHandlers } from './pairings/pairings.commands';
import { ImportEnrollmentRowHandler } from './imports/imports.commands';
import { ImportsController } from './imports/imports.http';
import { PairingsController } from './pairings/pairings.http';
import { ProposalExpiry } from './pairings/pairings.schedule';
import { ProgramCommandHandlers } from './programs/programs.commands';
import { ProgramQueryHandlers } from './programs/programs.queries';
import { ProgramsController } from './programs/programs.http';
import { ENROLLMENT_PROJECTIONS } from './projections';

export const enrollmentService: ServiceDefinition = {
  name: 'enrollment',
  title: 'Tandem Enrollment API',
  description: 'Programs, applications, explainable cohort matching and pairings. Publishes `mentoring.enrollment.v1`.',
  defaultPort: 3001,
  // Read models are plain SQL (each slice's projection and queries); TypeORM runs only the migrations.
  entities: [],
  migrations: [EnrollmentReadModels1763700000010, ProgramManagers1763700000020, PairingExclusions1763700000030],
  // The program of each resource a management route addresses, with its managers (see docs/architecture.md).
  programScopes: {
    program: `SELECT program_id, managers FROM enrollment.programs WHERE tenant_id = $1 AND program_id = $2`,
    application: `SELECT p.program_id, p.managers FROM enrollment.applications a
      JOIN enrollment.programs p ON p.tenant_id = a.tenant_id AND p.program_id = a.program_id
      WHERE a.tenant_id = $1 AND a.application_id = $2`,
    pairing: `SELECT p.program_id, p.managers FROM enrollment.pairings r
      JOIN enrollment.programs p ON p.tenant_id = r.tenant_id AND p.program_id = r.program_id
      WHERE r.tenant_id = $1 AND r.pairing_id = $2`,
  },
  projections: ENROLLMENT_PROJECTIONS,
  publishes: ENROLLMENT_CONTRACTS,
  consumes: [],
};

@Module({})
export class EnrollmentModule {}

export function enrollmentModule(config: ServiceConfig): DynamicModule {
  return {
    module: EnrollmentModule,
    imports: [PlatformModule.forService(enrollmentService, config)],
    controllers: [ProgramsController, ApplicationsController, MatchingController, PairingsController, ImportsController],
    providers: [...ProgramCommandHandlers, ...ProgramQueryHandlers, ...ApplicationCommandHandlers, ...PairingCommandHandlers, ...MatchingCommandHandlers, MatchingService, ProposalExpiry, ImportEnrollmentRowHandler],
  };
}
