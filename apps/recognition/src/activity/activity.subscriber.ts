import { Injectable } from '@nestjs/common';
import type { CommandContext, Transaction } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { Clock, SubscribesTo, type Subscriber } from '@tandem/platform';
import {
  FeedbackSubmitted,
  GoalAchieved,
  OutcomeVerified,
  SessionCompleted,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from '@tandem/session-tracking-contracts';
import { recordFacts, type ProgramFact } from '../facts/facts.projection';
import { trainingEntryEvents } from '../facts/facts.queries';
import { AwardOnFactsChanged } from '../policies/award-on-facts.policy';

/**
 * Session tracking's public events become facts about people (each keeping the event's id and occurrence time),
 * then the award policy evaluates the people whose facts changed — all in the consumer's inbox transaction, so a
 * redelivered event (a duplicate in the inbox) records and awards nothing.
 */
@Injectable()
abstract class FactSubscriber<C extends IntegrationEventContract<any>> implements Subscriber<C> {
  constructor(
    private readonly policy: AwardOnFactsChanged,
    private readonly clock: Clock,
  ) {}

  protected abstract facts(event: ReceivedEvent<PayloadOf<C>>): Omit<ProgramFact, 'tenantId' | 'programId' | 'eventId'>[];

  /** Events whose facts this one corrects (a training-hours correction). */
  protected corrected(_event: ReceivedEvent<PayloadOf<C>>, _tx: Transaction): Promise<string[]> {
    return Promise.resolve([]);
  }

  async handle(event: ReceivedEvent<PayloadOf<C>>, tx: Transaction): Promise<void> {
    const { tenantId, programId } = event.payload as { tenantId: string; programId: string };
    const facts = this.facts(event).map((f) => ({ ...f, tenantId, programId, eventId: event.id }));
    const personIds = await recordFacts(tx, facts);
    const correctedEventIds = await this.corrected(event, tx);
    const context: CommandContext = {
      tenantId,
      actor: { id: 'system:recognition' },
      correlationId: event.correlationId ?? event.id,
      causationId: event.id,
      idempotencyKey: event.id,
    };
    await this.policy.apply(tx, context, { programId, personIds, correctedEventIds, at: this.clock.now().toISOString() });
  }
}

@SubscribesTo(SessionCompleted)
@Injectable()
export class FactsFromSessionCompleted extends FactSubscriber<typeof SessionCompleted> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof SessionCompleted>>) {
    const session = { kind: 'session' as const, occurredAt: p.occurredAt, value: 1, ref: p.sessionId };
    return [
      { ...session, personId: p.mentorUserId, role: 'mentor' as const, counterpart: p.menteeUserId },
      { ...session, personId: p.menteeUserId, role: 'mentee' as const, counterpart: p.mentorUserId },
    ];
  }
}

/** A rating is a fact about the side that was rated. */
@SubscribesTo(FeedbackSubmitted)
@Injectable()
export class FactsFromFeedbackSubmitted extends FactSubscriber<typeof FeedbackSubmitted> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof FeedbackSubmitted>>) {
    const ratedMentor = p.raterRole === 'mentee';
    return [{
      kind: 'rating' as const, personId: ratedMentor ? p.mentorUserId : p.menteeUserId, role: ratedMentor ? ('mentor' as const) : ('mentee' as const),
      occurredAt: p.submittedAt, value: p.rating, counterpart: ratedMentor ? p.menteeUserId : p.mentorUserId, ref: p.sessionId,
    }];
  }
}

/** A verified outcome of the mentee counts for the mentor (verifiedMenteeOutcomes), at its verification. */
@SubscribesTo(OutcomeVerified)
@Injectable()
export class FactsFromOutcomeVerified extends FactSubscriber<typeof OutcomeVerified> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof OutcomeVerified>>) {
    if (p.beneficiaryRole !== 'mentee') return [];
    return [{ kind: 'outcome' as const, personId: p.mentorUserId, role: 'mentor' as const, occurredAt: p.verifiedAt, value: 1, counterpart: p.menteeUserId, ref: p.outcomeId, detail: p.kind }];
  }
}

@SubscribesTo(TrainingHoursCredited)
@Injectable()
export class FactsFromTrainingHoursCredited extends FactSubscriber<typeof TrainingHoursCredited> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof TrainingHoursCredited>>) {
    return [{ kind: 'training' as const, personId: p.userId, role: p.role, occurredAt: p.occurredAt, value: p.minutes, ref: p.entryId }];
  }
}

/** A correction sets what the corrected entry credits; awards whose evidence holds that entry are flagged. */
@SubscribesTo(TrainingHoursCorrected)
@Injectable()
export class FactsFromTrainingHoursCorrected extends FactSubscriber<typeof TrainingHoursCorrected> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof TrainingHoursCorrected>>) {
    return [{ kind: 'training-correction' as const, personId: p.userId, role: p.role, occurredAt: p.correctedAt, value: p.minutes, ref: p.correctsEntryId }];
  }

  protected override corrected({ payload: p }: ReceivedEvent<PayloadOf<typeof TrainingHoursCorrected>>, tx: Transaction) {
    return trainingEntryEvents(tx, p.tenantId, p.programId, p.userId, p.correctsEntryId);
  }
}

/** An achieved goal is a fact about both sides of the pairing. */
@SubscribesTo(GoalAchieved)
@Injectable()
export class FactsFromGoalAchieved extends FactSubscriber<typeof GoalAchieved> {
  protected facts({ payload: p }: ReceivedEvent<PayloadOf<typeof GoalAchieved>>) {
    const goal = { kind: 'goal' as const, occurredAt: p.achievedAt, value: 1, ref: p.goalId };
    return [
      { ...goal, personId: p.mentorUserId, role: 'mentor' as const, counterpart: p.menteeUserId },
      { ...goal, personId: p.menteeUserId, role: 'mentee' as const, counterpart: p.mentorUserId },
    ];
  }
}

export const ActivitySubscribers = [
  FactsFromSessionCompleted,
  FactsFromFeedbackSubmitted,
  FactsFromOutcomeVerified,
  FactsFromTrainingHoursCredited,
  FactsFromTrainingHoursCorrected,
  FactsFromGoalAchieved,
];
