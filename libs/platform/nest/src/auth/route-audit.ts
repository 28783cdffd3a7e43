import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { routeArguments } from '../http/input-screen';
import { PathParamPipe } from '../http/path-params';
import { PUBLIC_KEY, ROLES_KEY } from './roles';

/**
 * Lists the routes of these controllers that declare neither @Roles nor @Public. The guard already closes
 * such routes at run time; each service's unit test asserts the list is empty so a forgotten declaration
 * fails the build instead of surprising a caller.
 */
export function routesWithoutRoles(controllers: Type[]): string[] {
  const missing: string[] = [];
  for (const controller of controllers) {
    const declaredOnClass = Reflect.getMetadata(ROLES_KEY, controller) || Reflect.getMetadata(PUBLIC_KEY, controller);
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const declared = Reflect.getMetadata(ROLES_KEY, handler)?.length || Reflect.getMetadata(PUBLIC_KEY, handler);
      if (!declared && !declaredOnClass) missing.push(`${controller.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})`);
    }
  }
  return missing;
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
  for (const controller of controllers) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller)].flat().join('/');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const route = `${controller.name}.${name}`;
      const path = `${base}/${[Reflect.getMetadata(PATH_METADATA, handler)].flat().join('/')}`;
      const args = routeArguments(controller, name);
      for (const [, param] of path.matchAll(/:(\w+)/g)) {
        const bound = args.find(({ type, argument }) => type === RouteParamtypes.PARAM && argument.data === param);
        if (!bound?.argument.pipes?.some((pipe) => pipe instanceof PathParamPipe)) gaps.add(`${route}: path parameter ${param} has no validator`);
      }
      for (const { type, paramType } of args) {
        if (type === RouteParamtypes.BODY && paramType) for (const gap of optionalNestedObjects(paramType)) gaps.add(`${route}: ${gap}`);
      }
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
