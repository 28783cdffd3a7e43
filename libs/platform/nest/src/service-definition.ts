import type { Projection } from '@tandem/event-store';
import type { IntegrationEventContract } from '@tandem/kernel';
import type { ProgramScopeQueries } from './auth/program-scope';
import type { IntegrationProjection } from './messaging/integration-projection';

/** What makes a service itself: its name, port, tables and the events it publishes and consumes. */
export interface ServiceDefinition {
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  /** TypeORM entities of its read models. */
  entities: Function[];
  /** Its own migrations (the event store and messaging tables are added by the platform). */
  migrations: Function[];
  /** Integration events it writes to its outbox. */
  publishes: IntegrationEventContract<any>[];
  /** Other contexts' integration events it consumes (applied by its integration projections and @SubscribesTo reactions). */
  consumes: IntegrationEventContract<any>[];
  /** Its inline read models, declared once (applied by the append, replayed by the rebuild command). */
  projections?: readonly Projection<any, any>[];
  /** Its read models of other services' events, declared once (applied by the consumer in its inbox transaction). */
  integrationProjections?: readonly IntegrationProjection[];
  /** How `@ProgramScope` routes find a resource's program and its managers (see auth/program-scope). */
  programScopes?: ProgramScopeQueries;
}

export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');
export const PINO_LOGGER = Symbol('PINO_LOGGER');
