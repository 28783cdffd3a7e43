import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import { MANAGER_ROLES, NOT_PROGRAM_SCOPED_KEY, PROGRAM_SCOPE_KEY, type ProgramScopeDeclaration, type ProgramScopeQueries } from './program-scope';
import { PUBLIC_KEY, ROLES_KEY, type Role } from './roles';

interface Route {
  controller: Type;
  name: string;
  handler: Function;
  path: string;
  label: string;
}

function routesOf(controllers: Type[]): Route[] {
  return controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ name, handler: controller.prototype[name] }))
      .filter(({ handler }) => typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined)
      .map(({ name, handler }) => {
        const path = `${Reflect.getMetadata(PATH_METADATA, controller) ?? ''}/${Reflect.getMetadata(PATH_METADATA, handler) ?? ''}`;
        return { controller, name, handler, path, label: `${controller.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})` };
      }),
  );
}

/**
 * Lists the routes of these controllers that declare neither @Roles nor @Public. The guard already closes
 * such routes at run time; each service's unit test asserts the list is empty so a forgotten declaration
 * fails the build instead of surprising a caller.
 */
export function routesWithoutRoles(controllers: Type[]): string[] {
  return routesOf(controllers)
    .filter(({ controller, handler }) => {
      const declaredOnClass = Reflect.getMetadata(ROLES_KEY, controller) || Reflect.getMetadata(PUBLIC_KEY, controller);
      const declared = Reflect.getMetadata(ROLES_KEY, handler)?.length || Reflect.getMetadata(PUBLIC_KEY, handler);
      return !declared && !declaredOnClass;
    })
    .map((route) => route.label);
}

/**
 * Lists the routes open to `program-manager` or `admin` whose program scope is missing or wrong: neither
 * @ProgramScope nor @NotProgramScoped, both, a resource the service has no scope query for, or a parameter the
 * path does not have. Each service's unit test asserts the list is empty, so every later management route
 * says which program it acts on (and the guard then enforces it).
 */
export function routesWithoutProgramScope(controllers: Type[], queries: ProgramScopeQueries = {}): string[] {
  const problems: string[] = [];
  for (const route of routesOf(controllers)) {
    const roles: Role[] = Reflect.getMetadata(ROLES_KEY, route.handler) ?? Reflect.getMetadata(ROLES_KEY, route.controller) ?? [];
    const scope: ProgramScopeDeclaration | undefined = Reflect.getMetadata(PROGRAM_SCOPE_KEY, route.handler);
    const exempt: string | undefined = Reflect.getMetadata(NOT_PROGRAM_SCOPED_KEY, route.handler);
    if (scope && exempt) problems.push(`${route.label}: declares both @ProgramScope and @NotProgramScoped`);
    if (scope && !queries[scope.resource]) problems.push(`${route.label}: no program scope query for "${scope.resource}"`);
    if (scope && !route.path.split('/').includes(`:${scope.param}`)) problems.push(`${route.label}: the path has no :${scope.param}`);
    if (!scope && !exempt && roles.some((role) => MANAGER_ROLES.includes(role))) {
      problems.push(`${route.label}: open to ${roles.filter((r) => MANAGER_ROLES.includes(r)).join(', ')} but declares no program scope`);
    }
  }
  return problems;
}
