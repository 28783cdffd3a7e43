import { DynamicModule, Module } from '@nestjs/common';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '@tandem/platform';
import { ProgramPolicies1763700000200 } from './migrations/1763700000200-program-policies';
import { ProgramPolicyController, ProgramPolicyRow, ProgramPolicySubscribers } from './programs/program-policy';

export const sessionTrackingService: ServiceDefinition = {
  name: 'session-tracking',
  title: 'Tandem Session Tracking API',
  description: 'Sessions, feedback, goals, outcomes, training hours and engagement health.',
  defaultPort: 3002,
  entities: [ProgramPolicyRow],
  migrations: [ProgramPolicies1763700000200],
  publishes: [],
  consumes: ENROLLMENT_CONTRACTS,
};

@Module({})
export class SessionTrackingModule {}

export function sessionTrackingModule(config: ServiceConfig): DynamicModule {
  return {
    module: SessionTrackingModule,
    imports: [PlatformModule.forService(sessionTrackingService, config)],
    controllers: [ProgramPolicyController],
    providers: [...ProgramPolicySubscribers],
  };
}
