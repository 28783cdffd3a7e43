import 'reflect-metadata';
import { loadServiceConfig, routesWithoutProgramScope, routesWithoutRoles, unvalidatedInputs } from '@tandem/platform';
import { enrollmentModule, enrollmentService } from './enrollment.module';

const config = loadServiceConfig('enrollment', 0, {
  DATABASE_URL: 'postgres://unused/unused',
  KAFKA_BROKERS: 'unused:9092',
  AUTH_ISSUER: 'test',
  AUTH_PUBLIC_KEY: 'unused',
});

describe('enrollment routes', () => {
  it('every controller route declares who may call it', () => {
    const controllers = enrollmentModule(config).controllers ?? [];
    expect(controllers.length).toBeGreaterThan(0);
    expect(routesWithoutRoles(controllers)).toEqual([]);
  });

  it('every path parameter and required nested body object is validated', () => {
    expect(unvalidatedInputs(enrollmentModule(config).controllers ?? [])).toEqual([]);
  });

  it('every route open to program managers or admins declares its program scope', () => {
    expect(routesWithoutProgramScope(enrollmentModule(config).controllers ?? [], enrollmentService.programScopes)).toEqual([]);
  });
});
