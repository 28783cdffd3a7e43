import {
  BadRequestException,
  CallHandler,
  ConflictException,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnApplicationShutdown,
  OnModuleInit,
  SetMetadata,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { Database } from '@tandem/event-store';
import { finalize, from, Observable, of, switchMap } from 'rxjs';
import type { Caller } from '../auth/roles';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import {
  honoursIdempotencyKey,
  IDEMPOTENCY_HEADER,
  idempotencyKeyProblem,
  isFinalOutcome,
  operationHash,
  operationPath,
  requestFingerprint,
  scopedIdempotencyKey,
  type IdempotencyScope,
} from './idempotency-key';
import { IdempotencyStore, type KeyClaim, type StoredResponse } from './idempotency.store';

/** The parts of a Fastify request this mechanism reads. */
export interface IdempotentRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
  params?: unknown;
  query?: unknown;
  body?: unknown;
  caller?: Caller;
  [IDEMPOTENCY]?: RequestState;
}

interface IdempotentReply {
  statusCode: number;
  code(status: number): IdempotentReply;
  header(name: string, value: string): IdempotentReply;
  getHeader(name: string): unknown;
}

const IDEMPOTENCY = Symbol('idempotency');
type RequestState = { kind: 'owner'; claim: KeyClaim; owner: string; retain: boolean } | { kind: 'replay'; response: StoredResponse | null };

/** The headers a replay repeats: where the resource is, its version, and the body's type. */
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];
export const REPLAYED_MARKER = 'idempotent-replayed';

const RESPONSE_NOT_RETAINED = 'tandem:idempotency:response-not-retained';
/**
 * For operations whose answer must not be copied anywhere (a private note's text): the key still binds the
 * request and refuses misuse and duplicates in flight, but instead of a stored copy a replay runs the handler
 * again with @IdempotentReplay() true, and the handler answers from the current state without writing.
 */
export const ResponseNotRetained = () => SetMetadata(RESPONSE_NOT_RETAINED, true);

/** True when this request repeats one already answered (only reaches handlers marked @ResponseNotRetained). */
export const IdempotentReplay = createParamDecorator(
  (_: unknown, context: ExecutionContext): boolean => context.switchToHttp().getRequest<IdempotentRequest>()[IDEMPOTENCY]?.kind === 'replay',
);

/** The scope of a request's key: the verified caller and tenant, the method, the route template and path values. */
export function idempotencyScopeOf(request: IdempotentRequest, caller: Caller): IdempotencyScope {
  const params = Object.fromEntries(Object.entries((request.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  return { tenantId: caller.tenantId, subject: caller.userId, method: request.method, route: request.routeOptions?.url ?? request.url.split('?')[0], params };
}

/**
 * The key the command path derives ids from (CommandContext.idempotencyKey): the client's key hashed with its
 * scope, so that even a handler reached without the interceptor cannot address another caller's resource.
 */
export function requestIdempotencyKey(request: IdempotentRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !request.caller) return undefined;
  return scopedIdempotencyKey(idempotencyScopeOf(request, request.caller), key);
}

/**
 * Idempotency-Key on every write of every service. The key belongs to the caller in their tenant; it is bound to
 * the operation and a fingerprint of the request. The first request reserves it and its final answer is stored;
 * the same request again gets that answer (status, body, Location/ETag) — never anyone else's; the key on
 * another operation or with another request is a 422; a duplicate while the first still runs is a 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const reply = context.switchToHttp().getResponse<IdempotentReply>();
    const key = request.headers['idempotency-key'];
    if (key === undefined || !honoursIdempotencyKey(request.method) || !request.caller) return next.handle();
    const problem = idempotencyKeyProblem(key);
    if (problem) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'idempotency.invalid_key', message: problem, details: { header: IDEMPOTENCY_HEADER } });
    }

    const scope = idempotencyScopeOf(request, request.caller);
    const claim: KeyClaim = {
      tenantId: scope.tenantId,
      subject: scope.subject,
      key: key as string,
      operation: operationPath(scope),
      operationHash: operationHash(scope),
      fingerprint: requestFingerprint({ body: request.body, query: request.query, ifMatch: headerValue(request.headers['if-match']) }),
    };
    const retain = !this.reflector.get<boolean>(RESPONSE_NOT_RETAINED, context.getHandler());
    return from(this.store.reserve(claim)).pipe(
      switchMap((reservation) => {
        switch (reservation.kind) {
          case 'acquired': {
            request[IDEMPOTENCY] = { kind: 'owner', claim, owner: reservation.owner, retain };
            // Renewed while the handler runs, so only a request whose process died is ever taken over.
            const renewal = setInterval(() => {
              this.store.renew(claim, reservation.owner).catch(() => undefined);
            }, (this.config.idempotency.leaseSeconds * 1000) / 3);
            renewal.unref();
            return next.handle().pipe(finalize(() => clearInterval(renewal)));
          }
          case 'completed':
            if (reservation.response.body === null) {
              request[IDEMPOTENCY] = { kind: 'replay', response: null };
              return next.handle();
            }
            request[IDEMPOTENCY] = { kind: 'replay', response: reservation.response };
            return of(null); // the stored bytes replace this in the onSend hook
          case 'in_progress':
            reply.header('retry-after', '1');
            throw new ConflictException({
              statusCode: 409, error: 'Conflict', code: 'idempotency.in_progress',
              message: `A request with this ${IDEMPOTENCY_HEADER} is still being processed; retry shortly to get its result`,
            });
          case 'key_reused':
            throw new UnprocessableEntityException({
              statusCode: 422, error: 'Unprocessable Entity', code: 'idempotency.key_reused',
              message: reservation.differs === 'operation'
                ? `This ${IDEMPOTENCY_HEADER} was already used for another operation or resource (${reservation.firstOperation}); use a new key for a new request`
                : `This ${IDEMPOTENCY_HEADER} was already used with a different request body, query or If-Match; use a new key for a new request`,
            });
        }
      }),
    );
  }
}

/**
 * The Fastify half: sees every reply just before it is written, after the exception filter has shaped errors,
 * so what is stored is exactly what the client got. Replays are rewritten here to the stored status, headers
 * and bytes. Also prunes expired keys.
 */
@Injectable()
export class IdempotencyReplies implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('idempotency');
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as
      | { addHook(name: 'onSend', hook: (request: IdempotentRequest, reply: IdempotentReply, payload: unknown) => Promise<unknown>): void }
      | undefined;
    fastify?.addHook('onSend', (request, reply, payload) => this.onSend(request, reply, payload));
    const prune = () => {
      this.store.prune().then(
        (deleted) => deleted > 0 && this.logger.log(`pruned ${deleted} expired idempotency keys`),
        (error: Error) => this.logger.warn(`pruning idempotency keys failed: ${error.message}`),
      );
      this.pruning = setTimeout(prune, PRUNE_INTERVAL_MS).unref();
    };
    this.pruning = setTimeout(prune, FIRST_PRUNE_DELAY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.pruning);
  }

  private async onSend(request: IdempotentRequest, reply: IdempotentReply, payload: unknown): Promise<unknown> {
    const state = request[IDEMPOTENCY];
    if (!state) return payload;
    if (state.kind === 'replay') {
      reply.header(REPLAYED_MARKER, 'true');
      if (!state.response) return payload;
      reply.code(state.response.status);
      for (const [name, value] of Object.entries(state.response.headers)) reply.header(name, value);
      return state.response.body;
    }
    const { claim, owner, retain } = state;
    const status = reply.statusCode;
    try {
      if (isFinalOutcome(status) && (typeof payload === 'string' || payload === undefined || payload === null)) {
        const headers = Object.fromEntries(
          REPLAYED_HEADERS.flatMap((name) => {
            const value = reply.getHeader(name);
            return value === undefined ? [] : [[name, String(value)]];
          }),
        );
        await this.store.complete(claim, owner, { status, headers, body: retain ? ((payload as string | undefined) ?? '') : null });
      } else {
        await this.store.release(claim, owner);
      }
    } catch (error) {
      // The answer still goes out; the reservation lapses after its lease and a retry runs again.
      this.logger.warn(`could not record the outcome of an idempotent request: ${(error as Error).message}`);
    }
    return payload;
  }
}

const FIRST_PRUNE_DELAY_MS = 10_000;
const PRUNE_INTERVAL_MS = 10 * 60_000;

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/** The providers PlatformModule registers. */
export const idempotencyProviders = [
  {
    provide: IdempotencyStore,
    useFactory: (database: Database, config: ServiceConfig) => new IdempotencyStore(database, config.idempotency),
    inject: [Database, SERVICE_CONFIG],
  },
  IdempotencyReplies,
];
