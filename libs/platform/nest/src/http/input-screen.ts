import { Injectable, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { inputProblems, undecodableQueryParameters } from './input-checks';
import { invalidInput, type FieldError } from './validation';

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** The `@Param`/`@Query`/`@Body` arguments of a route handler, as Nest records them. */
export function routeArguments(controller: Type, handlerName: string): { type: RouteParamtypes; argument: RouteArgument; paramType?: Type }[] {
  const declared: Record<string, RouteArgument> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {};
  const paramTypes: Type[] = Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype, handlerName) ?? [];
  return Object.entries(declared)
    .filter(([key]) => /^\d+:/.test(key)) // custom decorators (e.g. @RequestContext) are keyed differently
    .map(([key, argument]) => ({ type: Number(key.split(':')[0]) as RouteParamtypes, argument, paramType: paramTypes[argument.index] }));
}

/**
 * The query parameters a route declares: the names of `@Query('name')` arguments and the validated properties of
 * its `@Query()` DTO. `undefined` when it takes the whole query as an untyped object (nothing to check against).
 */
export function declaredQueryParameters(controller: Type, handlerName: string): Set<string> | undefined {
  const names = new Set<string>();
  for (const { type, argument, paramType } of routeArguments(controller, handlerName)) {
    if (type !== RouteParamtypes.QUERY) continue;
    if (typeof argument.data === 'string') {
      names.add(argument.data);
      continue;
    }
    const properties = paramType && paramType !== Object ? getMetadataStorage().getTargetValidationMetadatas(paramType, '', true, false) : [];
    if (properties.length === 0) return undefined;
    for (const property of properties) names.add(property.propertyName);
  }
  return names;
}

interface ScreenedRequest {
  url: string;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/**
 * Screens every request before any pipe, DTO transformation or handler sees it: query parameters the route does
 * not declare are refused by name (a filter that does not exist must not look applied), and no body, query or
 * path value may nest deeper than MAX_JSON_DEPTH or carry NUL or a lone surrogate (PostgreSQL cannot store the
 * first, UTF-8 cannot encode the second: the text would fail or be altered). Each is a 400 naming the field.
 * A guard, registered right after authentication: it runs before the program-scope guard reads an id from the
 * path, and before any interceptor (an idempotency key is never reserved for malformed input).
 */
@Injectable()
export class InputScreenGuard implements CanActivate {
  private readonly queryParameters = new Map<Function, Set<string> | undefined>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http') this.screen(context);
    return true;
  }

  private screen(context: ExecutionContext): void {
    const request = context.switchToHttp().getRequest<ScreenedRequest>();
    const handler = context.getHandler();
    if (!this.queryParameters.has(handler)) this.queryParameters.set(handler, declaredQueryParameters(context.getClass(), handler.name));
    const declared = this.queryParameters.get(handler);
    const unknown = declared ? Object.keys(request.query ?? {}).filter((name) => !declared.has(name)) : [];
    if (unknown.length > 0) {
      const known = declared!.size > 0 ? `known: ${[...declared!].join(', ')}` : 'this endpoint takes none';
      throw invalidInput(
        unknown.map((name) => ({ field: name, messages: [`${name} is not a query parameter of this endpoint (${known})`] })),
        `Unknown query parameters: ${unknown.join(', ')}`,
      );
    }
    const problems: FieldError[] = [
      ...undecodableQueryParameters(request.url).map((name) => ({ field: name, messages: [`${name} is not valid percent-encoded UTF-8`] })),
      ...inputProblems(request.params ?? {}, 'path'),
      ...inputProblems(request.query ?? {}, 'query'),
      ...inputProblems(request.body, 'body'),
    ];
    if (problems.length > 0) throw invalidInput(problems);
  }
}

/**
 * Fastify's answer to a URL it cannot route (`frameworkErrors`): a path that is not valid percent-encoded UTF-8
 * (e.g. `%ED%A0%80`, a lone surrogate) or a path parameter over the router's length limit. Answered in the one
 * error shape as a 400 naming the path, instead of Fastify's own body.
 */
export function answerUnroutablePath(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'has a parameter that is too long' : 'is not valid percent-encoded UTF-8';
  reply.code(400).send(invalidInput([{ field: 'path', messages: [`path ${problem}`] }], `Invalid path: it ${problem}`).getResponse());
}
