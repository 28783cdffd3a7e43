import { ProgramCreated, type ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import type { OutboxMessage } from '@tandem/event-store';
import { ContractRegistry, type KafkaSettings } from '@tandem/messaging';
import type { DataGenerator, CreateProgramRequest } from '../generator';

export const registry = new ContractRegistry([ProgramCreated]);

/** The ProgramCreated v1 payload enrollment publishes for a `POST /programs` body. */
export function programCreatedPayload(tenantId: string, programId: string, request: CreateProgramRequest, createdBy: string, createdAt: string): ProgramCreatedV1 {
  return {
    tenantId,
    programId,
    name: request.name,
    purpose: request.purpose ?? '',
    format: 'one-to-one',
    lifecycle: request.lifecycle,
    capacity: { maxPairs: request.maxPairs ?? null },
    expectations: {
      sessionsPerMonth: request.expectations.sessionsPerMonth,
      sessionMinutes: request.expectations.sessionMinutes,
      commitmentMonths: request.expectations.commitmentMonths ?? null,
    },
    objectives: request.objectives.map((o, i) => ({ objectiveId: `objective-${i + 1}`, ...o })),
    sponsor: request.sponsor ? { name: request.sponsor.name, email: request.sponsor.email ?? null } : null,
    managers: [createdBy],
    status: 'draft',
    createdBy,
    createdAt,
  };
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
