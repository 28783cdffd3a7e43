import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, Optional, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { Database } from '@tandem/event-store';
import { ForbiddenError, NotFoundError } from '@tandem/kernel';
import { UuidParam } from '../http/path-params';
import { ROLES_KEY, type Caller, type Role } from './roles';

/**
 * Program scope: a program manager manages only the programs that list them in `managers`; a tenant admin
 * manages every program of the tenant. Every route open to `program-manager` or `admin` declares how its
 * program is found (`@ProgramScope`) or why it has none (`@NotProgramScoped`); the route audit fails a route
 * that declares neither, and `ProgramScopeGuard` enforces the declaration before the handler runs — so before
 * any state check, and a 409 never tells an outsider anything.
 */
export const PROGRAM_SCOPE_KEY = 'tandem:program-scope';
export const NOT_PROGRAM_SCOPED_KEY = 'tandem:not-program-scoped';

/** The roles that manage programs; any other role a route allows reaches it on its own terms (member, analyst). */
export const MANAGER_ROLES: readonly Role[] = ['program-manager', 'admin'];

export interface ProgramScopeDeclaration {
  /** The kind of resource the path addresses, a key of the service's `programScopes` (`program`, `pairing`…). */
  resource: string;
  /** The path parameter holding its id. */
  param: string;
}

/** The route acts on the program of the resource in `:<resource>Id` (or `param`); its OpenAPI lists the refusal. */
export const ProgramScope = (resource: string, param = `${resource}Id`) =>
  applyDecorators(
    SetMetadata<string, ProgramScopeDeclaration>(PROGRAM_SCOPE_KEY, { resource, param }),
    ApiForbiddenResponse({ description: "`program.not_a_manager`: a program manager who is not one of this program's managers" }),
  );

/** The route is open to program managers but concerns no single program's participants; say why. */
export const NotProgramScoped = (reason: string) => SetMetadata(NOT_PROGRAM_SCOPED_KEY, reason);

/** A resource's program and that program's managers, as the service's read model knows them. */
export interface ProgramManagers {
  programId: string;
  managers: readonly string[];
}

/**
 * Per resource kind, one SQL query that takes `$1` tenant and `$2` id and returns the resource's program as
 * `program_id` and its managers as `managers` (a jsonb array of user ids): one indexed read per request.
 */
export type ProgramScopeQueries = Readonly<Record<string, string>>;
export const PROGRAM_SCOPE_QUERIES = Symbol('PROGRAM_SCOPE_QUERIES');

/** Whether this caller manages this program: a tenant admin, or a program manager the program lists. */
export function managesProgram(caller: Pick<Caller, 'userId' | 'roles'>, program: Pick<ProgramManagers, 'managers'> | undefined): boolean {
  if (caller.roles.includes('admin')) return true;
  return !!program && caller.roles.includes('program-manager') && program.managers.includes(caller.userId);
}

/**
 * The decision for one request, with the lookup done only when it can change the answer (a program manager
 * who is not an admin). Returns whether the caller manages the program; refuses a caller who could reach the
 * route only as a manager. A caller who also holds another role the route allows (the pairing's mentor, an
 * analyst) passes with `false`, and the handler applies that role's own rule.
 */
export async function decideProgramAccess(
  caller: Pick<Caller, 'userId' | 'roles'>,
  allowed: readonly Role[],
  resource: string,
  lookup: () => Promise<ProgramManagers | undefined>,
): Promise<boolean> {
  const has = (role: Role) => caller.roles.includes(role) && allowed.includes(role);
  if (has('admin')) return true;
  const viaOtherRole = caller.roles.some((role) => allowed.includes(role) && !MANAGER_ROLES.includes(role));
  if (!has('program-manager')) return false;
  const program = await lookup();
  if (!program && !viaOtherRole) {
    const name = resource.replace(/-/g, ' ');
    throw new NotFoundError(`${name.charAt(0).toUpperCase()}${name.slice(1)} not found`, `${resource.replace(/-/g, '_')}.not_found`);
  }
  // The one rule, applied to the roles this route allows (an admin role the route does not allow grants nothing).
  const manages = managesProgram({ userId: caller.userId, roles: caller.roles.filter((role) => allowed.includes(role)) }, program);
  if (!manages && !viaOtherRole) {
    throw new ForbiddenError('Only a manager of this program or an admin may do this', 'program.not_a_manager', program ? { programId: program.programId } : undefined);
  }
  return manages;
}

interface ScopedRequest {
  caller?: Caller;
  params?: Record<string, string | undefined>;
  managesProgram?: boolean;
}

/** Enforces `@ProgramScope` on every request (registered after the authentication guard). */
@Injectable()
export class ProgramScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: Database,
    @Optional() @Inject(PROGRAM_SCOPE_QUERIES) private readonly queries: ProgramScopeQueries = {},
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<ProgramScopeDeclaration | undefined>(PROGRAM_SCOPE_KEY, context.getHandler());
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    if (!request.caller) throw new UnauthorizedException('No authenticated caller');
    const caller = request.caller;
    const sql = this.queries[scope.resource];
    if (!sql) throw new Error(`No program scope query for "${scope.resource}"`);
    // The same rule as the route's own id pipe, so a malformed id is a 400 and never reaches the database.
    const id: string = await UuidParam.transform(request.params?.[scope.param] ?? '', { type: 'param', data: scope.param });
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    request.managesProgram = await decideProgramAccess(caller, allowed, scope.resource, async () => {
      const { rows } = await this.db.query<{ program_id: string; managers: string[] }>(sql, [caller.tenantId, id]);
      return rows[0] ? { programId: rows[0].program_id, managers: rows[0].managers } : undefined;
    });
    return true;
  }
}

/**
 * In a `@ProgramScope` handler: whether the caller manages the resource's program (decided by the guard).
 * Use it wherever a handler used to ask "is the caller a program manager?".
 */
export const ManagesProgram = createParamDecorator((_: unknown, context: ExecutionContext): boolean => {
  const request = context.switchToHttp().getRequest<ScopedRequest>();
  if (request.managesProgram === undefined) throw new Error('@ManagesProgram() needs a @ProgramScope route');
  return request.managesProgram;
});
