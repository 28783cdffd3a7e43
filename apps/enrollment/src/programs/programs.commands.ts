import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProgramCreated, ProgramManagersChanged, ProgramRevised, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import {
  programDecider,
  programStreamId,
  type ProgramDefinition,
  type ProgramEvent,
  type ProgramStatus,
  type RevisedDefinition,
} from '@tandem/enrollment-domain';
import { EventStore, executeCommand, type CommandContext, type DecidedEvent, type OutboxMessage } from '@tandem/event-store';
import { Clock, MessagingRuntime } from '@tandem/platform';
import { toProgramView } from './programs.queries';

export class CreateProgramCommand {
  constructor(
    readonly programId: string,
    readonly definition: ProgramDefinition,
    readonly context: CommandContext,
  ) {}
}

export class ChangeProgramStatusCommand {
  constructor(
    readonly programId: string,
    readonly status: ProgramStatus,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {}
}

/** Maps the program's domain events to the public contracts (same transaction, via the outbox). */
function publishProgramEvents(messaging: MessagingRuntime, tenantId: string) {
  return (decided: DecidedEvent<ProgramEvent>[]): OutboxMessage[] =>
    decided.map(({ event, eventId, metadata }) => {
      const cause = { eventId, metadata };
      switch (event.type) {
        case 'ProgramCreated':
          return messaging.outboxMessage(ProgramCreated, { tenantId, ...event.data, status: 'draft' }, cause);
        case 'ProgramStatusChanged':
          return messaging.outboxMessage(ProgramStatusChanged, { tenantId, ...event.data }, cause);
        case 'ProgramRevised':
          return messaging.outboxMessage(ProgramRevised, { tenantId, ...event.data }, cause);
        case 'ProgramManagersChanged':
          return messaging.outboxMessage(ProgramManagersChanged, { tenantId, ...event.data }, cause);
      }
    });
}

@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler implements ICommandHandler<CreateProgramCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ programId, definition, context }: CreateProgramCommand) {
    const result = await executeCommand(this.store, programDecider, {
      streamId: programStreamId(programId),
      command: { type: 'CreateProgram', programId, definition, by: context.actor.id, at: this.clock.now().toISOString() },
      context,
      publish: publishProgramEvents(this.messaging, context.tenantId),
    });
    return toProgramView(result.state, result.version);
  }
}

@CommandHandler(ChangeProgramStatusCommand)
export class ChangeProgramStatusHandler implements ICommandHandler<ChangeProgramStatusCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ programId, status, context, expectedVersion }: ChangeProgramStatusCommand) {
    const result = await executeCommand(this.store, programDecider, {
      streamId: programStreamId(programId),
      command: { type: 'ChangeProgramStatus', programId, to: status, by: context.actor.id, at: this.clock.now().toISOString() },
      context,
      expectedVersion,
      publish: publishProgramEvents(this.messaging, context.tenantId),
    });
    return toProgramView(result.state, result.version);
  }
}

export class ReviseProgramCommand {
  constructor(
    readonly programId: string,
    readonly definition: RevisedDefinition,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {}
}

@CommandHandler(ReviseProgramCommand)
export class ReviseProgramHandler implements ICommandHandler<ReviseProgramCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ programId, definition, context, expectedVersion }: ReviseProgramCommand) {
    const result = await executeCommand(this.store, programDecider, {
      streamId: programStreamId(programId),
      command: { type: 'ReviseProgram', programId, definition, by: context.actor.id, at: this.clock.now().toISOString() },
      context,
      expectedVersion,
      publish: publishProgramEvents(this.messaging, context.tenantId),
    });
    return toProgramView(result.state, result.version);
  }
}

/** Replaces the program's managers list (any status). */
export class ChangeProgramManagersCommand {
  constructor(
    readonly programId: string,
    readonly managers: string[],
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {}
}

@CommandHandler(ChangeProgramManagersCommand)
export class ChangeProgramManagersHandler implements ICommandHandler<ChangeProgramManagersCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ programId, managers, context, expectedVersion }: ChangeProgramManagersCommand) {
    const result = await executeCommand(this.store, programDecider, {
      streamId: programStreamId(programId),
      command: { type: 'ChangeProgramManagers', programId, managers, by: context.actor.id, at: this.clock.now().toISOString() },
      context,
      expectedVersion,
      publish: publishProgramEvents(this.messaging, context.tenantId),
    });
    return toProgramView(result.state, result.version);
  }
}

export const ProgramCommandHandlers = [CreateProgramHandler, ChangeProgramStatusHandler, ReviseProgramHandler, ChangeProgramManagersHandler];
