import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
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
