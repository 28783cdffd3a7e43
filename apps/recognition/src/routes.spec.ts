import 'reflect-metadata';
import { loadServiceConfig, routesWithoutProgramScope, routesWithoutRoles, unvalidatedInputs } from '@tandem/platform';
import { recognitionModule, recognitionService } from './recognition.module';

const config = loadServiceConfig('recognition', 0, {
  DATABASE_URL: 'postgres://unused/unused',
  KAFKA_BROKERS: 'unused:9092',
  AUTH_ISSUER: 'test',
  AUTH_PUBLIC_KEY: 'unused',
});

describe('recognition routes', () => {
  it('every controller route declares who may call it', () => {
    const controllers = recognitionModule(config).controllers ?? [];
    expect(controllers.length).toBeGreaterThan(0);
    expect(routesWithoutRoles(controllers)).toEqual([]);
  });

  it('every path parameter and required nested body object is validated', () => {
    expect(unvalidatedInputs(recognitionModule(config).controllers ?? [])).toEqual([]);
  });

  it('every route open to program managers or admins declares its program scope', () => {
    expect(routesWithoutProgramScope(recognitionModule(config).controllers ?? [], recognitionService.programScopes)).toEqual([]);
  });
});
