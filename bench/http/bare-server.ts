/**
 * The HTTP baseline: a bare `node:http` server doing what `POST /programs` does minus the framework, in the order
 * the Nest service does it (guards, then interceptors, then pipes, then the handler, then the onSend hook):
 *
 * 1. token: the bearer token verified by the same TokenVerifier (signature, issuer, audience, expiry), then the
 *    route's roles (`@Roles('program-manager', 'admin')`, as AuthGuard checks them);
 * 2. input screen: the same `inputProblems` check InputScreenGuard runs on the body (depth, NUL, lone surrogates);
 * 3. authorization lookup: none to mirror — POST /programs is `@NotProgramScoped` (creating a program needs no
 *    program's managers), so ProgramScopeGuard does nothing for it and the bare server does nothing either;
 * 4. idempotency record: with an `Idempotency-Key` header (the bench sends a fresh UUID per request), the key is
 *    checked (`idempotencyKeyProblem`), scoped to the caller and operation and bound to the request's fingerprint
 *    exactly as IdempotencyInterceptor does (`operationPath`, `operationHash`, `requestFingerprint`), and claimed with
 *    the same `IdempotencyStore.reserve` statement before anything runs (a renewal timer runs meanwhile, as there);
 *    a completed key is replayed, one in progress is a 409, a reused one a 422; after the answer its status,
 *    Location/ETag/Content-Type and body are stored with `IdempotencyStore.complete` (a 5xx releases the key), as
 *    the service's onSend hook does — in its own `idempotency.requests` table (IdempotencySchema's migration);
 * 5. validation: class-validator against the same CreateProgramDto (whitelist + forbidNonWhitelisted, as the
 *    global ValidationPipe);
 * 6. append: the controller's own mapping (`toProgramDefinition`, the program id derived from the scoped key with
 *    `deterministicId(tenant, 'program', key)` and the key in the CommandContext, as `RequestContext` and
 *    ProgramsController.create do) and enrollment's own `CreateProgramHandler` on an EventStore with enrollment's
 *    inline projections (so the command pipeline — read, decide, `EventStore.append` with the outbox, and the
 *    programs read model written in the same transaction — is identical) on its own database;
 *
 * then it answers 201 with the same ProgramView, Location and ETag. What is left out is exactly the framework:
 * Nest, Fastify, the CQRS bus, the guard/pipe/interceptor/filter machinery, per-request logging, HTTP metrics and
 * the request's trace span.
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
import { ENROLLMENT_CONTRACTS } from '@tandem/enrollment-contracts';
import { Database, deterministicId, EventStore, EVENT_STORE_MIGRATIONS, newId, Projections, type CommandContext } from '@tandem/event-store';
import { ContractRegistry } from '@tandem/messaging';
import type { Clock, MessagingRuntime } from '@tandem/platform';
import { TokenVerifier } from '../../libs/platform/nest/src/auth/token-verifier';
import { inputProblems } from '../../libs/platform/nest/src/http/input-checks';
import {
  idempotencyKeyProblem,
  isFinalOutcome,
  operationHash,
  operationPath,
  requestFingerprint,
  scopedIdempotencyKey,
  type IdempotencyScope,
} from '../../libs/platform/nest/src/idempotency/idempotency-key';
import { IdempotencySchema1796173326589 } from '../../libs/platform/nest/src/idempotency/idempotency.schema';
import { IdempotencyStore, type KeyClaim } from '../../libs/platform/nest/src/idempotency/idempotency.store';
import { causedOutboxMessage } from '../../libs/platform/nest/src/messaging/messaging-runtime';
import { enrollmentService } from '../../apps/enrollment/src/enrollment.module';
import { CreateProgramCommand, CreateProgramHandler } from '../../apps/enrollment/src/programs/programs.commands';
import { CreateProgramDto, toProgramDefinition, type ProgramView } from '../../apps/enrollment/src/programs/programs.dto';

const env = process.env;
const settings = { topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '' };
const registry = new ContractRegistry(ENROLLMENT_CONTRACTS);

/** The one MessagingRuntime method a command handler uses, as MessagingRuntime does it. */
const messaging = {
  outboxMessage: (contract, payload, cause) => causedOutboxMessage(registry, settings, contract, payload, cause),
} as Pick<MessagingRuntime, 'outboxMessage'> as MessagingRuntime;
const clock = { now: () => new Date() } as Clock;
const verifier = new TokenVerifier({ issuer: env.AUTH_ISSUER!, audience: env.AUTH_AUDIENCE!, publicKey: env.AUTH_PUBLIC_KEY });
/** The service's defaults (IDEMPOTENCY_LEASE_SECONDS, IDEMPOTENCY_RETENTION_HOURS). */
const idempotencyTimings = { leaseSeconds: Number(env.IDEMPOTENCY_LEASE_SECONDS ?? 30), retentionHours: Number(env.IDEMPOTENCY_RETENTION_HOURS ?? 24) };
/** The route's roles (`@Roles('program-manager', 'admin')` on ProgramsController.create). */
const ROUTE_ROLES = ['program-manager', 'admin'];
/** The headers a replay repeats, as the idempotency mechanism stores them. */
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

/** Writes an answer. */
function send(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
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
    migrations: [...EVENT_STORE_MIGRATIONS, IdempotencySchema1796173326589, ...enrollmentService.migrations],
    extra: { max: Number(env.DATABASE_POOL_SIZE ?? 5) },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  const database = new Database(dataSource);
  const store = new EventStore(database, new Projections(enrollmentService.projections));
  const handler = new CreateProgramHandler(store, messaging, clock);
  const idempotency = new IdempotencyStore(database, idempotencyTimings);

  const server = createServer(async (req, res) => {
    const correlationId = typeof req.headers['x-correlation-id'] === 'string' ? req.headers['x-correlation-id'] : randomUUID();
    let claimed: { claim: KeyClaim; owner: string; renewal: NodeJS.Timeout } | undefined;
    /**
     * Answers; first, like the service's onSend hook (which runs before the reply is written), records a final
     * answer under the claimed key, or releases the key after one that is not final.
     */
    const answer = async (status: number, body: unknown, extraHeaders: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      const headers = { 'content-type': 'application/json; charset=utf-8', ...extraHeaders };
      if (claimed) {
        const { claim, owner, renewal } = claimed;
        claimed = undefined;
        clearInterval(renewal);
        try {
          if (isFinalOutcome(status)) {
            const kept = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (name in headers ? [[name, headers[name as keyof typeof headers]]] : [])));
            await idempotency.complete(claim, owner, { status, headers: kept, body: text });
          } else {
            await idempotency.release(claim, owner);
          }
        } catch {
          // as the service: the answer still goes out; the reservation lapses after its lease
        }
      }
      send(res, status, text, headers);
    };
    try {
      if (req.method !== 'POST' || req.url !== '/programs') return await answer(404, { statusCode: 404, message: 'Not Found' });
      // 1. Token and roles (AuthGuard).
      const [scheme, token] = (req.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) return await answer(401, { statusCode: 401, message: 'A bearer token is required' });
      let caller;
      try {
        caller = await verifier.verify(token);
      } catch (error) {
        return await answer(401, { statusCode: 401, message: `Invalid token: ${(error as Error).message}` });
      }
      if (!caller.roles.some((r) => ROUTE_ROLES.includes(r))) return await answer(403, { statusCode: 403, message: `Requires one of the roles: ${ROUTE_ROLES.join(', ')}` });

      let plain: unknown;
      try {
        plain = JSON.parse(await readBody(req));
      } catch {
        return await answer(400, { statusCode: 400, message: 'Body is not JSON' });
      }
      // 2. Input screen (InputScreenGuard). 3. No program-scope lookup: the route is @NotProgramScoped.
      const screened = inputProblems(plain, 'body');
      if (screened.length) return await answer(400, { statusCode: 400, code: 'validation_failed', errors: screened });

      // 4. Idempotency: claim the key before anything runs (IdempotencyInterceptor).
      const key = req.headers['idempotency-key'];
      let idempotencyKey: string | undefined;
      if (key !== undefined) {
        const problem = idempotencyKeyProblem(key);
        if (problem) return await answer(400, { statusCode: 400, code: 'idempotency.invalid_key', message: problem });
        const scope: IdempotencyScope = { tenantId: caller.tenantId, subject: caller.userId, method: 'POST', route: '/programs', params: {} };
        const claim: KeyClaim = {
          tenantId: scope.tenantId,
          subject: scope.subject,
          key: key as string,
          operation: operationPath(scope),
          operationHash: operationHash(scope),
          fingerprint: requestFingerprint({ body: plain, query: {}, ifMatch: req.headers['if-match'] }),
        };
        const reservation = await idempotency.reserve(claim);
        switch (reservation.kind) {
          case 'acquired': {
            const renewal = setInterval(() => {
              idempotency.renew(claim, reservation.owner).catch(() => undefined);
            }, (idempotencyTimings.leaseSeconds * 1000) / 3);
            renewal.unref();
            claimed = { claim, owner: reservation.owner, renewal };
            break;
          }
          case 'completed': {
            const { status, headers, body } = reservation.response;
            return send(res, status, body ?? '', { ...headers, 'idempotent-replayed': 'true' });
          }
          case 'in_progress':
            return await answer(409, { statusCode: 409, code: 'idempotency.in_progress' }, { 'retry-after': '1' });
          case 'key_reused':
            return await answer(422, { statusCode: 422, code: 'idempotency.key_reused' });
        }
        // The key as the command path uses it (RequestContext → CommandContext.idempotencyKey).
        idempotencyKey = scopedIdempotencyKey(scope, key as string);
      }

      // 5. Validation (the global ValidationPipe).
      const body = plainToInstance(CreateProgramDto, plain, { enableImplicitConversion: false }) as CreateProgramDto;
      const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) return await answer(400, { statusCode: 400, code: 'validation_failed', errors: errors.map((e) => e.property) });

      // 6. The controller and the command handler.
      const context: CommandContext = {
        tenantId: caller.tenantId,
        actor: { id: caller.userId, roles: caller.roles },
        correlationId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      const programId = context.idempotencyKey ? deterministicId(context.tenantId, 'program', context.idempotencyKey) : newId();
      const view: ProgramView = await handler.execute(new CreateProgramCommand(programId, toProgramDefinition(body, context.actor.id), context));
      await answer(201, view, { location: `/programs/${view.programId}`, etag: `"${view.version}"`, 'x-correlation-id': correlationId });
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (!res.headersSent) await answer(status, { statusCode: status, message: String((error as Error).message) });
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
