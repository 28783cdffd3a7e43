import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, type Caller, type Role } from './roles';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/**
 * Global guard. Public endpoints pass; every other endpoint needs a valid bearer token AND a @Roles
 * declaration that includes one of the caller's roles. A route that forgot @Roles is closed, not open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('A bearer token is required');
    try {
      request.caller = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`Invalid token: ${error.message}`);
      throw error;
    }

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) throw new ForbiddenException('This endpoint declares no roles');
    if (!request.caller.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`Requires one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
