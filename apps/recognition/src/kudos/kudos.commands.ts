import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type OutboxMessage } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { KudosGiven } from '@tandem/recognition-contracts';
import { kudosDecider, kudosStreamId, type KudosCommand, type KudosState } from '@tandem/recognition-domain';
import { recordFacts } from '../facts/facts.projection';
import { requireMentorOf } from '../pairings/pairings.queries';
import { AwardOnFactsChanged } from '../policies/award-on-facts.policy';
import { requireProgram } from '../programs/programs.queries';

/** A mentee gives their mentor kudos (the pair's stream decides the limit). */
export class GiveKudosCommand {
  constructor(
    readonly command: Extract<KudosCommand, { type: 'GiveKudos' }>,
    readonly context: CommandContext,
  ) {}
}

/**
 * One transaction: the mentorship check (`recognition.pairings`), the kudos on the pair's stream with its public
 * `KudosGiven` (no message), the mentor's `kudosReceived` fact (evidence: that public event's id) and the award
 * policy over it — a kudos and the badge it completes commit together.
 */
@CommandHandler(GiveKudosCommand)
export class GiveKudosHandler implements ICommandHandler<GiveKudosCommand, KudosState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly awards: AwardOnFactsChanged,
  ) {}

  execute({ command, context }: GiveKudosCommand): Promise<KudosState> {
    const { tenantId } = context;
    const { programId, menteeId, mentorId } = command;
    return inTransactionWithRetries(this.store, async (tx) => {
      await requireProgram(tx, tenantId, programId);
      await requireMentorOf(tx, tenantId, programId, menteeId, mentorId);
      const published: OutboxMessage[] = [];
      const { state, events } = await executeCommand(this.store, kudosDecider, {
        streamId: kudosStreamId(programId, menteeId, mentorId),
        command,
        context,
        publish: (decided) =>
          decided.flatMap(({ event, eventId, metadata }) => {
            if (event.type !== 'KudosGiven') return [];
            const { kudosId, category, at } = event.data;
            const message = this.messaging.outboxMessage(KudosGiven, { tenantId, programId, kudosId, mentorId, menteeId, category, givenAt: at }, { eventId, metadata });
            published.push(message);
            return [message];
          }),
      });
      if (events.length > 0 && published[0]) {
        const fact = { tenantId, programId, personId: mentorId, eventId: published[0].messageId, kind: 'kudos' as const, role: 'mentor' as const, occurredAt: command.at, value: 1, counterpart: menteeId, ref: command.kudosId };
        const personIds = await recordFacts(tx, [fact]);
        await this.awards.apply(tx, context, { programId, personIds, at: command.at });
      }
      return state;
    });
  }
}

/** The mentor shares one of their kudos on the recognition wall, or takes it back. */
export class ShareKudosCommand {
  constructor(
    readonly programId: string,
    readonly menteeId: string,
    readonly mentorId: string,
    readonly command: Extract<KudosCommand, { type: 'ShareKudos' }>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ShareKudosCommand)
export class ShareKudosHandler implements ICommandHandler<ShareKudosCommand, KudosState> {
  constructor(private readonly store: EventStore) {}

  async execute({ programId, menteeId, mentorId, command, context }: ShareKudosCommand): Promise<KudosState> {
    const { state } = await executeCommand(this.store, kudosDecider, { streamId: kudosStreamId(programId, menteeId, mentorId), command, context });
    return state;
  }
}

export const KudosCommandHandlers = [GiveKudosHandler, ShareKudosHandler];
