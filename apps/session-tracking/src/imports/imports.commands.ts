import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, inTransactionWithRetries, loadAggregate, type CommandContext, type Transaction } from '@tandem/event-store';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { importedId, type FeedbackRecord, type GoalRecord, type ImportRecord, type OutcomeRecord, type RowOutcome, type SessionRecord } from '@tandem/platform';
import {
  goalsDecider,
  goalsStreamId,
  otherSide,
  outcomeDecider,
  outcomeStreamId,
  sessionDecider,
  sessionStreamId,
  type PairActor,
  type PairingTimeline,
  type Side,
} from '@tandem/session-tracking-domain';
import { EvaluateHealthCommand } from '../engagement-health/engagement-health.commands';
import { RunGoalsCommand } from '../goals/goals.commands';
import { RunOutcomeCommand } from '../outcomes/outcomes.commands';
import { releaseImportHolds } from '../pairings/pairings.projection';
import { findPairing, userIdOf, type PairingRow } from '../pairings/pairings.queries';
import { RunSessionCommand } from '../sessions/sessions.commands';
import { asOf, importReady, overdueSince, runningAt } from './imports.timeline';

/**
 * One row of a history import (a session, a rating, a goal or a verified outcome of an imported pairing), all or
 * nothing in one transaction, through the same deciders and policies as today's commands — at its original time.
 * `timeline`: the pairing as the file describes it (its `pairing` record), when the file has one.
 */
export class ImportHistoryRowCommand {
  constructor(
    readonly record: ImportRecord,
    readonly programId: string,
    readonly context: CommandContext,
    readonly timeline: PairingTimeline | null,
    readonly now: string,
  ) {}
}

/** After a history import: judge each pairing's cadence after its last imported session, then hand it to the health scheduler. */
export class ReleaseImportHoldsCommand {
  constructor(
    readonly programId: string,
    readonly context: CommandContext,
    readonly pairings: { pairingId: string; timeline: PairingTimeline }[],
    readonly now: string,
  ) {}
}

const SECOND_MS = 1000;
/** A gap is detected one second after the window closed, as a scheduler checking continuously would have. */
const detectedAt = (overdue: string) => new Date(Date.parse(overdue) + SECOND_MS).toISOString();

@CommandHandler(ImportHistoryRowCommand)
export class ImportHistoryRowHandler implements ICommandHandler<ImportHistoryRowCommand, RowOutcome> {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ record, programId, context, timeline, now }: ImportHistoryRowCommand): Promise<RowOutcome> {
    if (record.record === 'participant') return 'skipped';
    return inTransactionWithRetries(this.store, async (tx) => {
      const pairing = await this.pairingOf(tx, context.tenantId, programId, record.pairingRef, timeline);
      switch (record.record) {
        case 'pairing':
          return 'skipped'; // enrollment's; checked above to be fully here
        case 'session':
          return this.session(tx, record, pairing, context, timeline, now);
        case 'feedback':
          return this.feedback(record, pairing, context, now);
        case 'goal':
          return this.goal(record, pairing, context, now);
        case 'outcome':
          return this.outcome(record, pairing, context, now);
      }
    });
  }

  /** The imported pairing, locked, once enrollment's events about it (its start and every status change the file gives) are all here. */
  private async pairingOf(tx: Transaction, tenantId: string, programId: string, pairingRef: string, timeline: PairingTimeline | null): Promise<PairingRow> {
    const pairing = await findPairing(tx, tenantId, importedId(tenantId, programId, 'pairing', pairingRef), true);
    if (!pairing || !importReady(pairing, timeline)) {
      throw new IllegalStateError(
        `Pairing ${pairingRef} has not fully reached session tracking yet (import it into enrollment first; upload this file again shortly)`,
        'import.pairing_not_yet_known',
        { field: 'pairingRef' },
      );
    }
    if (pairing.programId !== programId) throw new NotFoundError(`Pairing ${pairingRef} is not a pairing of this program`, 'pairing.not_found', { field: 'pairingRef' });
    return pairing;
  }

  private async session(tx: Transaction, r: SessionRecord, pairing: PairingRow, context: CommandContext, timeline: PairingTimeline | null, now: string): Promise<RowOutcome> {
    const sessionId = importedId(context.tenantId, pairing.programId, 'session', r.sessionRef);
    if ((await loadAggregate(this.store, sessionDecider, context.tenantId, sessionStreamId(sessionId))).state.exists) return 'unchanged';
    const confirmedAt = r.confirmedAt ?? r.occurredAt;
    const running = runningAt(pairing, timeline, r.occurredAt);
    if (running !== 'active' && running !== 'not-started') {
      throw new IllegalStateError(`The pairing was ${running} at ${r.occurredAt}: no session took place then`, 'import.pairing_not_running', { field: 'occurredAt' });
    }
    // A gap before this session longer than the cadence window: the pairing was at risk from the moment it opened.
    const gap = overdueSince(pairing, timeline, r.occurredAt);
    if (gap && runningAt(pairing, timeline, gap) === 'active') {
      const at = detectedAt(gap);
      await this.commands.execute(new EvaluateHealthCommand({ ...context, occurredAt: at }, asOf(pairing, timeline, at), new Date(at)));
    }
    const reportedBy = actor(pairing, r.reportedBy);
    const command = {
      type: 'ImportSession' as const, sessionId, pairingId: pairing.pairingId, programId: pairing.programId,
      details: { occurredAt: r.occurredAt, minutes: r.minutes, format: r.format, topics: r.topics ?? [] },
      pairingStartedAt: pairing.startedAt.toISOString(), reportedBy, confirmedBy: actor(pairing, otherSide(r.reportedBy)), at: confirmedAt, now,
    };
    // The session-confirmed policy credits both ledgers (today's rounding and cap, in the session's month) and moves the cadence.
    await this.commands.execute(new RunSessionCommand(command, { ...context, occurredAt: confirmedAt }, pairing));
    const updated = (await findPairing(tx, context.tenantId, pairing.pairingId, true))!;
    if (runningAt(updated, timeline, confirmedAt) === 'active') {
      await this.commands.execute(new EvaluateHealthCommand({ ...context, occurredAt: confirmedAt }, asOf(updated, timeline, confirmedAt), new Date(confirmedAt)));
    }
    return 'imported';
  }

  private async feedback(r: FeedbackRecord, pairing: PairingRow, context: CommandContext, now: string): Promise<RowOutcome> {
    const sessionId = importedId(context.tenantId, pairing.programId, 'session', r.sessionRef);
    const { state } = await loadAggregate(this.store, sessionDecider, context.tenantId, sessionStreamId(sessionId));
    if (!state.exists || state.pairingId !== pairing.pairingId) {
      throw new NotFoundError(`Session ${r.sessionRef} of pairing ${r.pairingRef} not found (its session record comes first)`, 'session.not_found', { field: 'sessionRef' });
    }
    if (state.ratings[r.by]) return 'unchanged';
    inPast(r.submittedAt, now, 'submittedAt');
    if (state.completion && Date.parse(r.submittedAt) < Date.parse(state.completion.occurredAt)) {
      throw new InvalidCommandError('A session is rated after it took place', 'feedback.before_session', { field: 'submittedAt' });
    }
    const command = { type: 'RateSession' as const, sessionId, rating: r.rating, comment: r.comment ?? null, by: actor(pairing, r.by), at: r.submittedAt };
    await this.commands.execute(new RunSessionCommand(command, { ...context, occurredAt: r.submittedAt }, pairing));
    return 'imported';
  }

  private async goal(r: GoalRecord, pairing: PairingRow, context: CommandContext, now: string): Promise<RowOutcome> {
    const goalId = importedId(context.tenantId, pairing.programId, 'goal', r.goalRef);
    const { state } = await loadAggregate(this.store, goalsDecider, context.tenantId, goalsStreamId(pairing.pairingId));
    const existing = state.goals.find((g) => g.goalId === goalId);
    if (existing && (existing.status === 'achieved' || !r.achievedAt)) return 'unchanged';
    const ref = { pairingId: pairing.pairingId, programId: pairing.programId, goalId, by: actor(pairing, r.setBy) };
    inPast(r.setAt, now, 'setAt');
    if (!existing) {
      const goal = { title: r.title, description: r.description ?? '', metric: r.metric, target: r.target ?? 1, relevance: r.relevance, dueOn: r.dueOn, milestones: [] };
      await this.commands.execute(new RunGoalsCommand({ type: 'SetGoal', ...ref, goal, at: r.setAt }, { ...context, occurredAt: r.setAt }, pairing));
    }
    if (r.achievedAt) {
      inPast(r.achievedAt, now, 'achievedAt');
      if (Date.parse(r.achievedAt) < Date.parse(r.setAt)) throw new InvalidCommandError('A goal is achieved after it was set', 'goal.achieved_before_set', { field: 'achievedAt' });
      await this.commands.execute(new RunGoalsCommand({ type: 'AchieveGoal', ...ref, at: r.achievedAt }, { ...context, occurredAt: r.achievedAt }, pairing));
    }
    return 'imported';
  }

  private async outcome(r: OutcomeRecord, pairing: PairingRow, context: CommandContext, now: string): Promise<RowOutcome> {
    const outcomeId = importedId(context.tenantId, pairing.programId, 'outcome', r.outcomeRef);
    if ((await loadAggregate(this.store, outcomeDecider, context.tenantId, outcomeStreamId(outcomeId))).state.exists) return 'unchanged';
    inPast(r.verifiedAt, now, 'verifiedAt');
    if (Date.parse(r.verifiedAt) < Date.parse(r.reportedAt)) throw new InvalidCommandError('An outcome is verified after it was reported', 'outcome.verified_before_report', { field: 'verifiedAt' });
    const report = {
      type: 'ReportOutcome' as const, outcomeId, pairingId: pairing.pairingId, programId: pairing.programId, kind: r.kind, title: r.title,
      description: r.description ?? '', achievedOn: r.achievedOn, beneficiary: { userId: userIdOf(pairing, r.beneficiary), role: r.beneficiary },
      by: actor(pairing, r.reportedBy), at: r.reportedAt,
    };
    await this.commands.execute(new RunOutcomeCommand(report, { ...context, occurredAt: r.reportedAt }, pairing));
    await this.commands.execute(new RunOutcomeCommand({ type: 'VerifyOutcome', outcomeId, by: r.verifiedBy, at: r.verifiedAt }, { ...context, occurredAt: r.verifiedAt }, pairing));
    return 'imported';
  }
}

@CommandHandler(ReleaseImportHoldsCommand)
export class ReleaseImportHoldsHandler implements ICommandHandler<ReleaseImportHoldsCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ programId, context, pairings, now }: ReleaseImportHoldsCommand): Promise<void> {
    for (const { pairingId, timeline } of pairings) {
      await inTransactionWithRetries(this.store, async (tx) => {
        const pairing = await findPairing(tx, context.tenantId, pairingId, true);
        if (!pairing || pairing.programId !== programId || !importReady(pairing, timeline)) return;
        // The gap after the last imported session, up to now: at risk from when the window closed, if it ran then.
        const gap = overdueSince(pairing, timeline, now);
        if (gap && runningAt(pairing, timeline, gap) === 'active') {
          const at = detectedAt(gap);
          if (Date.parse(at) < Date.parse(now)) await this.commands.execute(new EvaluateHealthCommand({ ...context, occurredAt: at }, asOf(pairing, timeline, at), new Date(at)));
        }
        await releaseImportHolds(tx, context.tenantId, [pairingId], now);
      });
    }
  }
}

function actor(pairing: PairingRow, side: Side): PairActor {
  return { userId: userIdOf(pairing, side), side };
}

function inPast(at: string, now: string, field: string): void {
  if (Date.parse(at) > Date.parse(now)) throw new InvalidCommandError(`${field} must be in the past`, 'import.in_future', { field });
}
