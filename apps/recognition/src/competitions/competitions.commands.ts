import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type DecidedEvent, type OutboxMessage } from '@tandem/event-store';
import { ForbiddenError, NotFoundError } from '@tandem/kernel';
import { MessagingRuntime } from '@tandem/platform';
import { CompetitionClosed, CompetitionOpened, NominationSubmitted, VotingOpened } from '@tandem/recognition-contracts';
import { competitionDecider, competitionStreamId, type CompetitionCommand, type CompetitionEvent, type CompetitionSpec, type CompetitionState } from '@tandem/recognition-domain';
import { GrantCompetitionWinner } from '../policies/grant-competition-winner.policy';
import { requireProgram } from '../programs/programs.queries';
import { findCompetition, inScope, isEligible, requireInScope, type CompetitionRow } from './competitions.queries';

/** Runs a command on a competition's stream and maps its events to the public ones (never a ballot, never a citation). */
@Injectable()
export class Competitions {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  async run(competitionId: string, command: CompetitionCommand, context: CommandContext): Promise<CompetitionState> {
    return (await this.decide(competitionId, command, context)).state;
  }

  /** The state and the events this command appended (none on a replay of an idempotent request). */
  decide(competitionId: string, command: CompetitionCommand, context: CommandContext) {
    return executeCommand(this.store, competitionDecider, {
      streamId: competitionStreamId(competitionId),
      command,
      context,
      publish: (decided) => decided.flatMap((d) => this.outbox(context.tenantId, d)),
    });
  }

  private outbox(tenantId: string, { event, eventId, metadata }: DecidedEvent<CompetitionEvent>): OutboxMessage[] {
    const cause = { eventId, metadata };
    switch (event.type) {
      case 'CompetitionOpened': {
        const { at, by, ...c } = event.data;
        return [this.messaging.outboxMessage(CompetitionOpened, { tenantId, ...c, openedAt: at, openedBy: by }, cause)];
      }
      case 'NominationSubmitted': {
        const { competitionId, programId, nominationId, nomineeId, at } = event.data;
        return [this.messaging.outboxMessage(NominationSubmitted, { tenantId, competitionId, programId, nominationId, nomineeId, submittedAt: at }, cause)];
      }
      case 'VotingOpened': {
        const { competitionId, programId, at, by } = event.data;
        return [this.messaging.outboxMessage(VotingOpened, { tenantId, competitionId, programId, openedAt: at, openedBy: by }, cause)];
      }
      case 'VoteCast':
        return []; // a ballot is never published
      case 'CompetitionClosed': {
        const { at, by, ...result } = event.data;
        return [this.messaging.outboxMessage(CompetitionClosed, { tenantId, ...result, closedAt: at, closedBy: by }, cause)];
      }
    }
  }
}

async function requireCompetition(db: Parameters<typeof findCompetition>[0], tenantId: string, competitionId: string): Promise<CompetitionRow> {
  const competition = await findCompetition(db, tenantId, competitionId);
  if (!competition) throw new NotFoundError('Competition not found', 'competition.not_found');
  return competition;
}

/** A manager opens a competition over their program, or a tenant admin over the whole tenant (`programId` null). */
export class OpenCompetitionCommand {
  constructor(
    readonly competition: CompetitionSpec,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(OpenCompetitionCommand)
export class OpenCompetitionHandler implements ICommandHandler<OpenCompetitionCommand, CompetitionState> {
  constructor(
    private readonly store: EventStore,
    private readonly competitions: Competitions,
  ) {}

  execute({ competition, at, context }: OpenCompetitionCommand): Promise<CompetitionState> {
    return inTransactionWithRetries(this.store, async (tx) => {
      if (competition.programId) await requireProgram(tx, context.tenantId, competition.programId);
      return this.competitions.run(competition.competitionId, { type: 'OpenCompetition', competition, at, by: context.actor.id }, context);
    });
  }
}

/** A participant in scope nominates an eligible mentor with a citation; eligibility is read in the same transaction. */
export class NominateCommand {
  constructor(
    readonly competitionId: string,
    readonly nominationId: string,
    readonly nomineeId: string,
    readonly citation: string,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(NominateCommand)
export class NominateHandler implements ICommandHandler<NominateCommand, CompetitionState> {
  constructor(
    private readonly store: EventStore,
    private readonly competitions: Competitions,
  ) {}

  execute({ competitionId, nominationId, nomineeId, citation, at, context }: NominateCommand): Promise<CompetitionState> {
    const { tenantId, actor } = context;
    return inTransactionWithRetries(this.store, async (tx) => {
      const competition = await requireCompetition(tx, tenantId, competitionId);
      await requireInScope(tx, tenantId, competition.programId, actor.id);
      const nomineeEligible = await isEligible(tx, tenantId, competition, nomineeId);
      return this.competitions.run(competitionId, { type: 'Nominate', nominationId, nominatorId: actor.id, nomineeId, citation, nomineeEligible, at }, context);
    });
  }
}

/** A voter in scope (a participant, or a manager of the competition) votes once. */
export class CastVoteCommand {
  constructor(
    readonly competitionId: string,
    readonly nomineeId: string,
    /** The caller manages the competition's program (or is a tenant admin): the route's program-scope guard decided it. */
    readonly managesScope: boolean,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CastVoteCommand)
export class CastVoteHandler implements ICommandHandler<CastVoteCommand, CompetitionState> {
  constructor(
    private readonly store: EventStore,
    private readonly competitions: Competitions,
  ) {}

  execute({ competitionId, nomineeId, managesScope, at, context }: CastVoteCommand): Promise<CompetitionState> {
    const { tenantId, actor } = context;
    return inTransactionWithRetries(this.store, async (tx) => {
      const competition = await requireCompetition(tx, tenantId, competitionId);
      if (!managesScope && !(await inScope(tx, tenantId, competition.programId, actor.id))) {
        throw new ForbiddenError("Only the participants and managers in the competition's scope vote", 'competition.not_in_scope');
      }
      return this.competitions.run(competitionId, { type: 'CastVote', voterId: actor.id, nomineeId, at }, context);
    });
  }
}

/** A manager opens the voting early or closes the competition (which names the winner). */
export class ManageCompetitionCommand {
  constructor(
    readonly competitionId: string,
    readonly command: Extract<CompetitionCommand, { type: 'OpenVoting' | 'CloseCompetition' }>,
    readonly context: CommandContext,
  ) {}
}

/** The close and the winner's award (a program competition's) commit together. */
@CommandHandler(ManageCompetitionCommand)
export class ManageCompetitionHandler implements ICommandHandler<ManageCompetitionCommand, CompetitionState> {
  constructor(
    private readonly store: EventStore,
    private readonly competitions: Competitions,
    private readonly winner: GrantCompetitionWinner,
  ) {}

  execute({ competitionId, command, context }: ManageCompetitionCommand): Promise<CompetitionState> {
    return inTransactionWithRetries(this.store, async () => {
      const { state, events } = await this.competitions.decide(competitionId, command, context);
      if (events.some((e) => e.type === 'CompetitionClosed')) await this.winner.apply(context, state, command.at, command.by);
      return state;
    });
  }
}

export const CompetitionCommandHandlers = [Competitions, OpenCompetitionHandler, NominateHandler, CastVoteHandler, ManageCompetitionHandler];
