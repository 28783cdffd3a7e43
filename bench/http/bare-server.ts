/**
 * The HTTP baseline: a bare `node:http` server doing what `POST /programs` does minus the framework —
 * verify the bearer token (the same TokenVerifier), validate the body with class-validator against the same
 * CreateProgramDto (whitelist + forbidNonWhitelisted, as the global ValidationPipe), map it with the controller's
 * own `toProgramDefinition`, and run enrollment's own `CreateProgramHandler` (so the command pipeline — read, decide,
 * `EventStore.append` with the outbox, and whatever the handler projects — is identical) on its own database; then
 * answer 201 with the same ProgramView. What is left out is exactly the framework: Nest, Fastify, the CQRS bus,
 * guards, pipes, interceptors, filters and per-request logging.
 *
 * Run as its own process (like the Nest service) by bench/scenarios/http.ts:
 *   PORT=… DATABASE_URL=… AUTH_ISSUER=… AUTH_AUDIENCE=… AUTH_PUBLIC_KEY=… node -r @swc-node/register bench/http/bare-server.ts
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { cloudEventType, type IntegrationEventContract } from '@tandem/kernel';
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { Database, deterministicId, EventStore, EventStoreSchema1763700000000, newId, type CommandContext, type EventMetadata } from '@tandem/event-store';
import { ContractRegistry } from '@tandem/messaging';
import type { Clock, MessagingRuntime } from '@tandem/platform';
import { TokenVerifier } from '../../libs/platform/nest/src/auth/token-verifier';
import { enrollmentService } from '../../apps/enrollment/src/enrollment.module';
import { CreateProgramCommand, CreateProgramHandler } from '../../apps/enrollment/src/programs/programs.commands';
import { CreateProgramDto, toProgramDefinition, type ProgramView } from '../../apps/enrollment/src/programs/programs.dto';

const env = process.env;
const settings = { topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '' };
const registry = new ContractRegistry(ENROLLMENT_CONTRACTS);

/** The one MessagingRuntime method a command handler uses, implemented exactly as MessagingRuntime does. */
const messaging = {
  outboxMessage(contract: IntegrationEventContract<any>, payload: any, cause: { eventId: string; metadata: EventMetadata; time?: Date }) {
    return registry.toOutboxMessage(settings, contract, payload, {
      messageId: deterministicId('integration', cause.eventId, cloudEventType(contract)),
      time: cause.time ?? new Date(),
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
      traceparent: cause.metadata.traceparent,
    });
  },
} as unknown as MessagingRuntime;
const clock = { now: () => new Date() } as Clock;
const verifier = new TokenVerifier({ issuer: env.AUTH_ISSUER!, audience: env.AUTH_AUDIENCE!, publicKey: env.AUTH_PUBLIC_KEY });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const dataSource = new DataSource({
    type: 'postgres',
    url: env.DATABASE_URL,
    entities: enrollmentService.entities,
    migrations: [EventStoreSchema1763700000000, ...enrollmentService.migrations],
    extra: { max: Number(env.DATABASE_POOL_SIZE ?? 5) },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  const store = new EventStore(new Database(dataSource));
  const handler = new CreateProgramHandler(store, messaging, clock);

  const server = createServer(async (req, res) => {
    const correlationId = typeof req.headers['x-correlation-id'] === 'string' ? req.headers['x-correlation-id'] : randomUUID();
    try {
      if (req.method !== 'POST' || req.url !== '/programs') return send(res, 404, { statusCode: 404, message: 'Not Found' });
      const [scheme, token] = (req.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) return send(res, 401, { statusCode: 401, message: 'A bearer token is required' });
      let caller;
      try {
        caller = await verifier.verify(token);
      } catch (error) {
        return send(res, 401, { statusCode: 401, message: `Invalid token: ${(error as Error).message}` });
      }
      if (!caller.roles.some((r) => r === 'program-manager' || r === 'admin')) return send(res, 403, { statusCode: 403, message: 'Forbidden' });

      let plain: unknown;
      try {
        plain = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { statusCode: 400, message: 'Body is not JSON' });
      }
      const body = plainToInstance(CreateProgramDto, plain, { enableImplicitConversion: false }) as CreateProgramDto;
      const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) return send(res, 400, { statusCode: 400, code: 'validation_failed', errors: errors.map((e) => e.property) });

      const context: CommandContext = {
        tenantId: caller.tenantId,
        actor: { id: caller.userId, roles: caller.roles },
        correlationId,
      };
      const programId = newId();
      const view: ProgramView = await handler.execute(new CreateProgramCommand(programId, toProgramDefinition(body, context.actor.id), context));
      send(res, 201, view, { location: `/programs/${view.programId}`, etag: `"${view.version}"`, 'x-correlation-id': correlationId });
    } catch (error) {
      send(res, (error as { status?: number }).status ?? 500, { statusCode: 500, message: String((error as Error).message) });
    }
  });
  server.keepAliveTimeout = 72_000;
  server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : env.PORT}\n`);
  });
  const stop = () => server.close(() => dataSource.destroy().finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
