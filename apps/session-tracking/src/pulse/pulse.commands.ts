import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { PulseSurveyAnswered } from '@tandem/session-tracking-contracts';
import { pulseDecider, pulseStreamId, type PairActor } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';
import { insertPulseAnswers } from './pulse.projection';

/** A member's answer to this month's pulse survey of their pairing (access already checked). */
export async function answerPulse(
  store: EventStore,
  outbox: Outbox,
  context: CommandContext,
  pairing: PairingRow,
  actor: PairActor,
  answer: { score: number; comment: string | null },
  at: string,
): Promise<void> {
  const { pairingId, programId } = pairing;
  const ref = { tenantId: context.tenantId, programId, pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
  await executeCommand(store, pulseDecider, {
    streamId: pulseStreamId(pairingId),
    command: { type: 'AnswerPulse', pairingId, programId, score: answer.score, comment: answer.comment, by: actor, at },
    context,
    publish: (decided) =>
      decided.map(({ event, eventId, metadata }) =>
        // The score only: the comment stays here.
        outbox.message(PulseSurveyAnswered, { ...ref, period: event.data.period, respondentRole: event.data.side, score: event.data.score, answeredAt: event.data.at }, { eventId, metadata }),
      ),
    project: (decided, _state, tx) => insertPulseAnswers(tx, context.tenantId, decided.map((d) => d.event)),
  });
}
