import { Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  acceptsApplications,
  explainPair,
  matchCohort,
  MATCHING_ALGORITHM_VERSION,
  matchingRunDecider,
  matchingRunStreamId,
  programDecider,
  programStreamId,
  type MatchingInput,
  type HardFilter,
  type HardFilterViolation,
  type MatchingParticipant,
  type ProgramState,
  type ScoreBreakdown,
} from '@tandem/enrollment-domain';
import { Database, deterministicId, EventStore, executeCommand, followUpContext, inTransactionWithRetries, loadAggregate, newId, type CommandContext, type SqlExecutor } from '@tandem/event-store';
import { IllegalStateError, NotFoundError } from '@tandem/kernel';
import { Clock } from '@tandem/platform';
import { approvedApplications, type ApplicationRecord } from '../applications/applications.queries';
import { ProposePairingCommand } from '../pairings/pairings.commands';
import { excludedPairs } from '../pairings/pairings.queries';

const DAY = 86_400_000;

export interface Suggestion {
  mentorApplicationId: string;
  name: string;
  department: string | null;
  freeSlots: number;
  score: ScoreBreakdown;
}

@Injectable()
export class MatchingService {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Matches the whole cohort of approved participants with free capacity, records the run with its exact input,
   * and proposes every pair — run, proposals and capacity holds commit together or not at all.
   */
  async run(programId: string, context: CommandContext): Promise<string> {
    const program = await this.program(context, programId);
    if (program.status !== 'open' && program.status !== 'running') {
      throw new IllegalStateError(`Matching needs an open or running program; this one is ${program.status}`, 'matching.program_not_active');
    }
    const runId = context.idempotencyKey ? deterministicId(context.tenantId, 'matching-run', context.idempotencyKey) : newId();
    await inTransactionWithRetries(this.store, async (tx) => {
      const now = this.clock.now();
      const { mentors, mentees } = await approvedApplications(tx, context.tenantId, programId);
      const rows = new Map([...mentors, ...mentees].map((r) => [r.applicationId, r]));
      // Mentors whose capacity is full stay in the input with no free slot, so unmatched mentees see "capacity full".
      const mentorRows = mentors.filter((m) => !program.mentorTrainingRequired || m.onboardingCompleted);
      const menteeRows = mentees.filter((m) => m.held < m.capacity);
      const { proposalTtlDays, ...policy } = program.matchingPolicy;
      const input: MatchingInput = {
        mentors: mentorRows.map((r) => toParticipant(r, now)),
        mentees: menteeRows.map((r) => toParticipant(r, now)),
        policy,
        excludedPairs: await excludedPairs(tx, context.tenantId, programId),
      };
      const result = matchCohort(input);
      const pairingIds = Object.fromEntries(result.proposals.map((p) => [p.menteeId, deterministicId(runId, p.menteeId)]));

      const recorded = await executeCommand(this.store, matchingRunDecider, {
        streamId: matchingRunStreamId(runId),
        command: { type: 'RecordMatchingRun', runId, programId, input, result, pairingIds, by: context.actor.id, at: now.toISOString() },
        context,
      });
      if (recorded.events.length === 0) return; // a retried request: already recorded
      for (const proposal of result.proposals) {
        // Proposal ids derive from the run id, so a retried run proposes nothing twice without the request's key.
        await this.commands.execute(
          new ProposePairingCommand(
          {
            type: 'ProposeMatch',
            pairingId: pairingIds[proposal.menteeId],
            programId,
            runId,
            source: 'cohort-run',
            mentor: memberOf(rows.get(proposal.mentorId)!),
            mentee: memberOf(rows.get(proposal.menteeId)!),
            score: proposal.score.total,
            breakdown: proposal.score,
            algorithmVersion: result.algorithmVersion,
            preApproved: false,
            menteeAccepted: false,
            expiresAt: new Date(now.getTime() + proposalTtlDays * DAY).toISOString(),
            by: context.actor.id,
            at: now.toISOString(),
          },
          program.mentorTrainingRequired,
          followUpContext(context),
          ),
        );
      }
    });
    return runId;
  }

  /**
   * Evergreen self-match: the caller's best feasible mentors with free capacity. Ranking subtracts a load penalty
   * (up to 10 points for a mentor whose slots are nearly all held), so requests spread across good mentors
   * instead of everyone queueing for the same one; held slots disappear from everyone's list.
   */
  async suggestions(programId: string, context: CommandContext, limit: number): Promise<Suggestion[]> {
    const program = await this.program(context, programId);
    const { mentee, input, mentorRows } = await this.menteeCohort(this.db, context, programId, program);
    return mentorRows
      .map((mentor) => ({ mentor, explanation: explainPair(input, mentee.applicationId, mentor.applicationId) }))
      .filter(({ explanation }) => explanation.feasible && explanation.score.total > 0)
      .map(({ mentor, explanation }) => ({ mentor, explanation, rank: explanation.score.total - (10 * mentor.held) / mentor.capacity }))
      .sort((a, b) => b.rank - a.rank || a.mentor.applicationId.localeCompare(b.mentor.applicationId))
      .slice(0, limit)
      .map(({ mentor, explanation }) => ({
        mentorApplicationId: mentor.applicationId,
        name: mentor.name,
        department: mentor.department,
        freeSlots: mentor.capacity - mentor.held,
        score: explanation.score,
      }));
  }

  /** A mentee asks a mentor directly; the mentor's slot is held until they answer or the request expires. */
  async request(programId: string, mentorApplicationId: string, context: CommandContext): Promise<string> {
    const program = await this.program(context, programId);
    const pairingId = context.idempotencyKey ? deterministicId(context.tenantId, 'request', context.idempotencyKey) : newId();
    await inTransactionWithRetries(this.store, async (tx) => {
      const { mentee, input, mentorRows } = await this.menteeCohort(tx, context, programId, program);
      const mentor = mentorRows.find((m) => m.applicationId === mentorApplicationId);
      if (!mentor) throw new IllegalStateError('That mentor is not available in this program (not approved, not onboarded or no free capacity)', 'matching.mentor_unavailable');
      const explanation = explainPair(input, mentee.applicationId, mentor.applicationId);
      if (!explanation.feasible) {
        throw new IllegalStateError(`Not a possible match: ${explanation.violations.map((v) => v.reason).join('; ')}`, 'matching.infeasible', { violations: explanation.violations });
      }
      await this.propose(context, program, pairingId, mentor, mentee, explanation.score, 'mentee-request');
    });
    return pairingId;
  }

  /**
   * A program manager pairs two people by hand (e.g. overriding a run's proposal). Hard filters the pair breaks
   * must each be acknowledged by name; they are recorded on the proposal and in its events.
   */
  async override(programId: string, mentorApplicationId: string, menteeApplicationId: string, acknowledgedFilters: HardFilter[], context: CommandContext): Promise<string> {
    const program = await this.program(context, programId);
    const pairingId = context.idempotencyKey ? deterministicId(context.tenantId, 'override', context.idempotencyKey) : newId();
    await inTransactionWithRetries(this.store, async (tx) => {
      const { mentors, mentees } = await approvedApplications(tx, context.tenantId, programId);
      const mentor = mentors.find((m) => m.applicationId === mentorApplicationId);
      const mentee = mentees.find((m) => m.applicationId === menteeApplicationId);
      if (!mentor) throw new NotFoundError('No approved mentor application with that id in this program', 'matching.mentor_not_found');
      if (!mentee) throw new NotFoundError('No approved mentee application with that id in this program', 'matching.mentee_not_found');
      const now = this.clock.now();
      const { proposalTtlDays: _ttl, ...policy } = program.matchingPolicy;
      const input: MatchingInput = {
        mentors: [toParticipant({ ...mentor, held: 0 }, now)],
        mentees: [toParticipant(mentee, now)],
        policy,
        excludedPairs: await excludedPairs(tx, context.tenantId, programId),
      };
      const explanation = explainPair(input, mentee.applicationId, mentor.applicationId);
      // The pairing decider refuses (409) unless every broken filter is acknowledged; both are recorded.
      await this.propose(context, program, pairingId, mentor, mentee, explanation.score, 'manager-override', { overriddenFilters: explanation.violations, acknowledgedFilters });
    });
    return pairingId;
  }

  private async propose(
    context: CommandContext,
    program: Extract<ProgramState, { exists: true }>,
    pairingId: string,
    mentor: ApplicationRecord,
    mentee: ApplicationRecord,
    score: ScoreBreakdown,
    source: 'mentee-request' | 'manager-override',
    override: { overriddenFilters: HardFilterViolation[]; acknowledgedFilters: HardFilter[] } = { overriddenFilters: [], acknowledgedFilters: [] },
  ) {
    const now = this.clock.now();
    await this.commands.execute(
      new ProposePairingCommand(
      {
        type: 'ProposeMatch',
        pairingId,
        programId: program.programId,
        runId: null,
        source,
        mentor: memberOf(mentor),
        mentee: memberOf(mentee),
        score: score.total,
        breakdown: score,
        algorithmVersion: MATCHING_ALGORITHM_VERSION,
        preApproved: true,
        menteeAccepted: source === 'mentee-request',
        expiresAt: new Date(now.getTime() + program.matchingPolicy.proposalTtlDays * DAY).toISOString(),
        ...override,
        by: context.actor.id,
        at: now.toISOString(),
      },
      program.mentorTrainingRequired,
      context,
      ),
    );
  }

  private async program(context: CommandContext, programId: string) {
    const { state } = await loadAggregate(this.store, programDecider, context.tenantId, programStreamId(programId));
    if (!state.exists) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return state;
  }

  /** The caller's own approved, unmatched mentee application and the mentors it could request. */
  private async menteeCohort(db: SqlExecutor, context: CommandContext, programId: string, program: Extract<ProgramState, { exists: true }>) {
    if (!acceptsApplications(program) && program.status !== 'running') {
      throw new IllegalStateError(`Self-matching needs an open or running program; this one is ${program.status}`, 'matching.program_not_active');
    }
    const { mentors, mentees } = await approvedApplications(db, context.tenantId, programId);
    const mentee = mentees.find((m) => m.userId === context.actor.id);
    if (!mentee) throw new NotFoundError('You have no approved mentee application in this program', 'matching.no_mentee_application');
    if (mentee.held >= mentee.capacity) throw new IllegalStateError('You already have a pending request or an active mentorship', 'matching.mentee_busy');
    const now = this.clock.now();
    const mentorRows = mentors.filter((m) => m.held < m.capacity && (!program.mentorTrainingRequired || m.onboardingCompleted));
    const { proposalTtlDays: _ttl, ...policy } = program.matchingPolicy;
    // A pair rejected or declined earlier is not suggested, nor can it be requested again, until a manager lifts it.
    const excluded = (await excludedPairs(db, context.tenantId, programId)).filter((x) => x.menteeId === mentee.applicationId);
    const input: MatchingInput = { mentors: mentorRows.map((r) => toParticipant(r, now)), mentees: [toParticipant(mentee, now)], policy, excludedPairs: excluded };
    return { mentee, input, mentorRows };
  }
}

/** Matches a program's whole cohort (a program manager); answers the run's id. */
export class RunMatchingCommand {
  constructor(
    readonly programId: string,
    readonly context: CommandContext,
  ) {}
}

/** A mentee asks a mentor of the program directly; answers the new pairing's id. */
export class RequestMentorCommand {
  constructor(
    readonly programId: string,
    readonly mentorApplicationId: string,
    readonly context: CommandContext,
  ) {}
}

/** A program manager pairs a mentor and a mentee by hand; answers the new pairing's id. */
export class OverrideMatchCommand {
  constructor(
    readonly programId: string,
    readonly mentorApplicationId: string,
    readonly menteeApplicationId: string,
    /** The hard filters the manager knowingly breaks, by name (each broken one must be named). */
    readonly acknowledgedFilters: HardFilter[],
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RunMatchingCommand)
export class RunMatchingHandler implements ICommandHandler<RunMatchingCommand, string> {
  constructor(private readonly matching: MatchingService) {}
  execute({ programId, context }: RunMatchingCommand): Promise<string> {
    return this.matching.run(programId, context);
  }
}

@CommandHandler(RequestMentorCommand)
export class RequestMentorHandler implements ICommandHandler<RequestMentorCommand, string> {
  constructor(private readonly matching: MatchingService) {}
  execute({ programId, mentorApplicationId, context }: RequestMentorCommand): Promise<string> {
    return this.matching.request(programId, mentorApplicationId, context);
  }
}

@CommandHandler(OverrideMatchCommand)
export class OverrideMatchHandler implements ICommandHandler<OverrideMatchCommand, string> {
  constructor(private readonly matching: MatchingService) {}
  execute({ programId, mentorApplicationId, menteeApplicationId, acknowledgedFilters, context }: OverrideMatchCommand): Promise<string> {
    return this.matching.override(programId, mentorApplicationId, menteeApplicationId, acknowledgedFilters, context);
  }
}

export const MatchingCommandHandlers = [RunMatchingHandler, RequestMentorHandler, OverrideMatchHandler];

/** Minutes east of UTC for an IANA zone at a given instant (so daylight saving is what it is on that day). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** A matching participant from an approved application; a mentor brings only the capacity still free. */
export function toParticipant(row: ApplicationRecord, at: Date): MatchingParticipant {
  return {
    participantId: row.applicationId,
    employeeId: row.employeeId,
    managerId: row.person.managerEmployeeId,
    timeZoneOffsetMinutes: utcOffsetMinutes(row.timeZone, at),
    languages: row.person.languages,
    skillsOffered: row.profile.skillsOffered,
    skillsSought: row.profile.skillsSought,
    goals: row.profile.goals,
    interests: row.profile.interests,
    department: row.department ?? '',
    mentorCapacity: Math.max(0, row.capacity - row.held),
    attributes: row.profile.attributes,
  };
}

export const memberOf = (row: ApplicationRecord) => ({ applicationId: row.applicationId, userId: row.userId, employeeId: row.employeeId, name: row.name });
