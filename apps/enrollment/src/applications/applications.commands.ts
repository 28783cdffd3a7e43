import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  acceptsApplications,
  applicationDecider,
  applicationStreamId,
  programDecider,
  programStreamId,
  type ApplicationCommand,
  type ApplicationEvent,
  type ApplicationState,
  type ParticipantProfile,
  type Person,
  type ParticipantRole,
} from '@tandem/enrollment-domain';
import { ApplicationStatusChanged, ParticipantApplied, PublicAcknowledgementConsentChanged } from '@tandem/enrollment-contracts';
import { EventStore, executeCommand, isUniqueViolation, loadAggregate, type CommandContext, type DecidedEvent, type OutboxMessage } from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError } from '@tandem/kernel';
import { Clock, MessagingRuntime } from '@tandem/platform';

/** The public side of an application's events; capacity holds and onboarding stay inside enrollment. */
export function publishApplicationEvents(messaging: MessagingRuntime, tenantId: string) {
  return (decided: DecidedEvent<ApplicationEvent>[], state: ApplicationState): OutboxMessage[] =>
    decided.flatMap(({ event, eventId, metadata }): OutboxMessage[] => {
      if (!state.exists) return [];
      const cause = { eventId, metadata };
      const { applicationId, programId } = event.data;
      const userId = state.person.userId;
      switch (event.type) {
        case 'ParticipantApplied': {
          const { profile, person, role, appliedAt } = event.data;
          return [
            messaging.outboxMessage(
              ParticipantApplied,
              {
                tenantId,
                programId,
                applicationId,
                role,
                person,
                skillsOffered: profile.skillsOffered,
                skillsSought: profile.skillsSought,
                goals: profile.goals,
                interests: profile.interests,
                availabilityHoursPerMonth: profile.availabilityHoursPerMonth,
                mentorCapacity: profile.mentorCapacity,
                recognitionPreferences: profile.recognitionPreferences,
                publicAcknowledgementConsent: profile.publicAcknowledgementConsent,
                appliedAt,
              },
              cause,
            ),
          ];
        }
        case 'ApplicationDecided': {
          const { from, to, reason, decidedBy, decidedAt } = event.data;
          return [messaging.outboxMessage(ApplicationStatusChanged, { tenantId, programId, applicationId, role: state.role, userId, from, to, reason, changedBy: decidedBy, changedAt: decidedAt }, cause)];
        }
        case 'ApplicationWithdrawn': {
          const { from, reason, withdrawnBy, withdrawnAt } = event.data;
          return [messaging.outboxMessage(ApplicationStatusChanged, { tenantId, programId, applicationId, role: state.role, userId, from, to: 'withdrawn', reason, changedBy: withdrawnBy, changedAt: withdrawnAt }, cause)];
        }
        case 'ConsentChanged':
          return [messaging.outboxMessage(PublicAcknowledgementConsentChanged, { tenantId, programId, applicationId, userId, publicAcknowledgementConsent: event.data.consent, changedAt: event.data.changedAt }, cause)];
        default:
          return [];
      }
    });
}

export class ApplyCommand {
  constructor(
    readonly applicationId: string,
    readonly programId: string,
    readonly role: ParticipantRole,
    readonly person: Person,
    readonly profile: ParticipantProfile,
    readonly answers: Record<string, string | number | boolean>,
    readonly context: CommandContext,
  ) {}
}

/** A change as the caller asks for it: the handler adds who asks and when (commands are plain data). */
export type ApplicationChange = Exclude<ApplicationCommand, { type: 'Apply' | 'HoldCapacity' | 'ReleaseCapacity' }> extends infer C
  ? C extends unknown
    ? Omit<C, 'by' | 'at'>
    : never
  : never;

/**
 * Any change to an existing application; `who` says who may ask for it. `managesProgram`: the caller manages the
 * application's program (decided by the program-scope guard before the command runs).
 */
export class ChangeApplicationCommand {
  constructor(
    readonly applicationId: string,
    readonly change: ApplicationChange,
    readonly who: 'manager' | 'applicant' | 'applicant-or-manager',
    readonly context: CommandContext,
    readonly managesProgram: boolean,
    readonly expectedVersion?: number,
  ) {}
}

@CommandHandler(ApplyCommand)
export class ApplyHandler implements ICommandHandler<ApplyCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ applicationId, programId, role, person, profile, answers, context }: ApplyCommand) {
    const program = await loadAggregate(this.store, programDecider, context.tenantId, programStreamId(programId));
    if (!program.state.exists) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    const at = this.clock.now().toISOString();
    try {
      return await executeCommand(this.store, applicationDecider, {
        streamId: applicationStreamId(applicationId),
        command: {
          type: 'Apply',
          applicationId,
          program: {
            programId,
            acceptsApplications: acceptsApplications(program.state),
            questions: program.state.applicationQuestions,
            mentorTrainingRequired: program.state.mentorTrainingRequired,
          },
          role,
          person,
          profile,
          answers,
          by: context.actor.id,
          at,
        },
        context,
        publish: publishApplicationEvents(this.messaging, context.tenantId),
      });
    } catch (error) {
      if (isUniqueViolation(error, 'applications_one_per_person_idx')) {
        throw new IllegalStateError(`${person.name} already has an open ${role} application to this program`, 'application.duplicate');
      }
      throw error;
    }
  }
}

@CommandHandler(ChangeApplicationCommand)
export class ChangeApplicationHandler implements ICommandHandler<ChangeApplicationCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async execute({ applicationId, change, who, context, managesProgram, expectedVersion }: ChangeApplicationCommand) {
    const at = this.clock.now().toISOString();
    return executeCommand(this.store, applicationDecider, {
      streamId: applicationStreamId(applicationId),
      command: { ...change, by: context.actor.id, at } as ApplicationCommand,
      context,
      guard: (state) => authorize(state, who, context, managesProgram),
      expectedVersion,
      publish: publishApplicationEvents(this.messaging, context.tenantId),
    });
  }
}

export function authorize(
  state: ApplicationState,
  who: ChangeApplicationCommand['who'],
  context: CommandContext,
  managesProgram: boolean,
): asserts state is Extract<ApplicationState, { exists: true }> {
  if (!state.exists) throw new NotFoundError('Application not found', 'application.not_found');
  const own = state.person.userId === context.actor.id;
  const allowed = who === 'manager' ? managesProgram : who === 'applicant' ? own : own || managesProgram;
  if (!allowed) {
    // Someone else's application is not even acknowledged to exist, unless the caller manages its program.
    if (!managesProgram) throw new NotFoundError('Application not found', 'application.not_found');
    throw new ForbiddenError('Only the applicant can do this', 'application.not_yours');
  }
}

/**
 * A slot of an application held or given back by a pairing (the capacity policy, inside the pairing's
 * transaction): internal to enrollment, published nowhere.
 */
export class ChangeCapacityCommand {
  constructor(
    readonly applicationId: string,
    readonly change: Extract<ApplicationCommand, { type: 'HoldCapacity' | 'ReleaseCapacity' }>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeCapacityCommand)
export class ChangeCapacityHandler implements ICommandHandler<ChangeCapacityCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ applicationId, change, context }: ChangeCapacityCommand) {
    return executeCommand(this.store, applicationDecider, {
      streamId: applicationStreamId(applicationId),
      command: change,
      context,
    });
  }
}

export const ApplicationCommandHandlers = [ApplyHandler, ChangeApplicationHandler, ChangeCapacityHandler];
