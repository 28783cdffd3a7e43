import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { routeArguments } from '../http/input-screen';
import { PathParamPipe } from '../http/path-params';
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
        const path = `${[Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat().join('/')}/${[Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat().join('/')}`;
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

// class-transformer's record of `@Type(() => Dto)`, i.e. what ValidateNested will actually validate against
// (its storage has no typed public entry point).
const { defaultMetadataStorage: transformerTypes } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): { typeFunction(): Function } | undefined };
};

/**
 * Lists the inputs of these controllers' routes that would reach a handler unchecked: a `:param` of the route
 * path not bound with a PathParamPipe (UuidParam, SubjectParam), and a required nested object of a body DTO that
 * accepts `undefined` (class-validator skips ValidateNested on a missing value, so the handler would crash on it).
 * Each service's routes test asserts the list is empty, so a new route cannot forget either.
 */
export function unvalidatedInputs(controllers: Type[]): string[] {
  const gaps = new Set<string>();
  for (const { controller, name, path } of routesOf(controllers)) {
    const route = `${controller.name}.${name}`;
    const args = routeArguments(controller, name);
    for (const [, param] of path.matchAll(/:(\w+)/g)) {
      const bound = args.find(({ type, argument }) => type === RouteParamtypes.PARAM && argument.data === param);
      if (!bound?.argument.pipes?.some((pipe) => pipe instanceof PathParamPipe)) gaps.add(`${route}: path parameter ${param} has no validator`);
    }
    for (const { type, paramType } of args) {
      if (type === RouteParamtypes.BODY && paramType) for (const gap of optionalNestedObjects(paramType)) gaps.add(`${route}: ${gap}`);
    }
  }
  return [...gaps];
}

function optionalNestedObjects(dto: Function, seen = new Set<Function>()): string[] {
  if (seen.has(dto)) return [];
  seen.add(dto);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const gaps: string[] = [];
  for (const [property, metadatas] of byProperty) {
    if (!metadatas.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)) continue;
    const optional = metadatas.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    const refusesMissing = metadatas.some((m) => m.type === ValidationTypes.IS_DEFINED || ['isObject', 'isArray'].includes(m.name ?? ''));
    if (!optional && !refusesMissing) gaps.push(`${dto.name}.${property} is a required nested object that accepts a missing value (add @IsObject())`);
    const nested = transformerTypes.findTypeMetadata(dto, property)?.typeFunction();
    if (nested) gaps.push(...optionalNestedObjects(nested, seen));
  }
  return gaps;
}
