import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { PulseSurveyAnswered } from '@tandem/session-tracking-contracts';
import { pulseDecider, pulseStreamId, type PairActor } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';

/** A member's answer to this month's pulse survey of their pairing (access already checked). */
export class AnswerPulseCommand {
  constructor(
    readonly context: CommandContext,
    readonly pairing: PairingRow,
    readonly actor: PairActor,
    readonly answer: { score: number; comment: string | null },
    readonly at: string,
  ) {}
}

@CommandHandler(AnswerPulseCommand)
export class AnswerPulseHandler implements ICommandHandler<AnswerPulseCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ context, pairing, actor, answer, at }: AnswerPulseCommand): Promise<void> {
    const { pairingId, programId } = pairing;
    const ref = { tenantId: context.tenantId, programId, pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    await executeCommand(this.store, pulseDecider, {
      streamId: pulseStreamId(pairingId),
      command: { type: 'AnswerPulse', pairingId, programId, score: answer.score, comment: answer.comment, by: actor, at },
      context,
      publish: (decided) =>
        decided.map(({ event, eventId, metadata }) =>
          // The score only: the comment stays here.
          this.outbox.message(PulseSurveyAnswered, { ...ref, period: event.data.period, respondentRole: event.data.side, score: event.data.score, answeredAt: event.data.at }, { eventId, metadata }),
        ),
    });
  }
}
