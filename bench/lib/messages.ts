import { ProgramCreated, type ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import type { OutboxMessage } from '@tandem/event-store';
import { ContractRegistry, type KafkaSettings } from '@tandem/messaging';
import { toProgramDefinition, type CreateProgramDto } from '../../apps/enrollment/src/programs/programs.dto';
import type { DataGenerator, CreateProgramRequest } from '../generator';

export const registry = new ContractRegistry([ProgramCreated]);

/**
 * The ProgramCreated v1 payload enrollment publishes for a `POST /programs` body: the controller's own mapping
 * (`toProgramDefinition`) and the handler's `{ tenantId, ...event.data, status: 'draft' }`.
 */
export function programCreatedPayload(tenantId: string, programId: string, request: CreateProgramRequest, createdBy: string, createdAt: string): ProgramCreatedV1 {
  const definition = toProgramDefinition(request as unknown as CreateProgramDto, createdBy);
  return { tenantId, programId, ...definition, createdBy, createdAt, status: 'draft' } as ProgramCreatedV1;
}

/** `count` realistic ProgramCreated integration messages (CloudEvents headers), as the outbox holds them. */
export function programCreatedMessages(gen: DataGenerator, settings: Pick<KafkaSettings, 'topicPrefix'>, count: number): OutboxMessage[] {
  const tenants = Array.from({ length: 20 }, (_, i) => gen.tenant(i));
  const base = Date.parse('2026-02-02T09:00:00.000Z');
  const out: OutboxMessage[] = [];
  for (let i = 0; i < count; i++) {
    const tenant = tenants[i % tenants.length];
    const createdAt = new Date(base + i * 37_000).toISOString();
    const payload = programCreatedPayload(tenant.tenantId, gen.uuid(), gen.programRequest(undefined, i), `user-${gen.uuid().slice(0, 8)}`, createdAt);
    out.push(
      registry.toOutboxMessage(settings, ProgramCreated, payload, {
        messageId: gen.uuid(),
        time: new Date(createdAt),
        correlationId: gen.uuid(),
        causationId: gen.uuid(),
      }),
    );
  }
  return out;
}
