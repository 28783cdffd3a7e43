import { SetMetadata } from '@nestjs/common';

export const ROLES = ['program-manager', 'mentor', 'mentee', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'tandem:roles';
export const PUBLIC_KEY = 'tandem:public';

/** Declares who may call an endpoint. An endpoint without @Roles or @Public is refused for everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: probes, metrics and API docs only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The verified caller, from the JWT. The tenant never comes from the request body. */
export interface Caller {
  userId: string;
  tenantId: string;
  roles: Role[];
}
