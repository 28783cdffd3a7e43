import type { ModuleRef } from '@nestjs/core';
import { CommandBus, type ICommandHandler } from '@nestjs/cqrs';

/**
 * A real `@nestjs/cqrs` CommandBus for tests that build handlers by hand: `commandBus()` first (handlers that
 * dispatch need it), then `bus.register` through `registerHandlers(bus, handlers)` — each handler's own
 * `@CommandHandler` metadata routes the commands, exactly as in the app.
 */
export const commandBus = (): CommandBus => new CommandBus({} as ModuleRef);

export function registerHandlers(bus: CommandBus, handlers: ICommandHandler[]): CommandBus {
  bus.register(handlers.map((instance) => ({ metatype: instance.constructor, instance, isDependencyTreeStatic: () => true }) as never));
  return bus;
}
