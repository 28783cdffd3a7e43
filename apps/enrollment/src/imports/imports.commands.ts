import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  applicationDecider,
  applicationStreamId,
  pairingDecider,
  pairingHistorySteps,
  pairingStreamId,
  programDecider,
  programStreamId,
  type PairMember,
} from '@tandem/enrollment-domain';
import { Database, EventStore, executeCommand, inTransactionWithRetries, isUniqueViolation, loadAggregate, type CommandContext } from '@tandem/event-store';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { importedId, MessagingRuntime, type ImportRecord, type PairingRecord, type ParticipantRecord, type RowOutcome } from '@tandem/platform';
import { publishApplicationEvents } from '../applications/applications.commands';
import { ProposePairingCommand, RecordPairingChangeCommand } from '../pairings/pairings.commands';
import { openApplicationOf } from './imports.queries';

/** One row of a participants or pairings import (enrollment's records; the others are skipped), all or nothing. */
export class ImportEnrollmentRowCommand {
  constructor(
    readonly record: ImportRecord,
    readonly programId: string,
    readonly context: CommandContext,
    readonly now: string,
  ) {}
}

/** An imported proposal is accepted at once: it only needs to outlive its own start. */
const PROPOSAL_LIFETIME_MS = 24 * 3_600_000;
/** Imported pairings are marked with this algorithm version on MatchProposed (no matching run chose them). */
export const IMPORTED_ALGORITHM_VERSION = 'imported-1';

function validTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new InvalidCommandError(`${timeZone} is not an IANA time zone`, 'application.invalid_time_zone', { field: 'timeZone' });
  }
}

@CommandHandler(ImportEnrollmentRowCommand)
export class ImportEnrollmentRowHandler implements ICommandHandler<ImportEnrollmentRowCommand, RowOutcome> {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly messaging: MessagingRuntime,
    private readonly commands: CommandBus,
  ) {}

  async execute({ record, programId, context, now }: ImportEnrollmentRowCommand): Promise<RowOutcome> {
    if (record.record === 'participant') return this.participant(record, programId, context, now);
    if (record.record === 'pairing') return this.pairing(record, programId, context, now);
    return 'skipped';
  }

  /**
   * An approved participant: Apply and the approval, at the time they joined, through the application decider. The
   * program takes imports while open or running; the program's application questions are not asked of imported
   * people (they joined elsewhere).
   */
  private async participant(r: ParticipantRecord, programId: string, context: CommandContext, now: string): Promise<RowOutcome> {
    validTimeZone(r.timeZone);
    const at = new Date(r.joinedAt ?? now).toISOString();
    if (Date.parse(at) > Date.parse(now)) throw new InvalidCommandError('joinedAt must be in the past', 'import.in_future', { field: 'joinedAt' });
    // A re-upload's rows are found without a transaction; a new row checks again inside its own.
    if (await openApplicationOf(this.db, context.tenantId, programId, r.role, r)) return 'unchanged';
    try {
      return await this.newParticipant(r, programId, context, at);
    } catch (error) {
      // The same person on two rows imported at once: the second finds the first's application.
      if (!isUniqueViolation(error, 'applications_one_per_person_idx')) throw error;
      if (await openApplicationOf(this.db, context.tenantId, programId, r.role, r)) return 'unchanged';
      throw new IllegalStateError(`${r.name} already has an open ${r.role} application to this program`, 'application.duplicate', { field: 'userId' });
    }
  }

  private newParticipant(r: ParticipantRecord, programId: string, context: CommandContext, at: string): Promise<RowOutcome> {
    return inTransactionWithRetries(this.store, async (tx) => {
      const program = await loadAggregate(this.store, programDecider, context.tenantId, programStreamId(programId));
      if (!program.state.exists) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
      if (await openApplicationOf(tx, context.tenantId, programId, r.role, r)) return 'unchanged';
      const applicationId = importedId(context.tenantId, programId, 'participant', r.role, r.employeeId);
      const rowContext = { ...context, occurredAt: at };
      const publish = publishApplicationEvents(this.messaging, context.tenantId);
      await executeCommand(this.store, applicationDecider, {
        streamId: applicationStreamId(applicationId),
        command: {
          type: 'Apply',
          applicationId,
          program: {
            programId,
            acceptsApplications: program.state.status === 'open' || program.state.status === 'running',
            questions: [],
            mentorTrainingRequired: program.state.mentorTrainingRequired,
          },
          role: r.role,
          person: {
            userId: r.userId, employeeId: r.employeeId, name: r.name, email: r.email, department: r.department ?? null, managerEmployeeId: r.managerEmployeeId ?? null,
            location: r.location ?? null, timeZone: r.timeZone, languages: r.languages ?? [],
          },
          profile: {
            skillsOffered: r.skillsOffered ?? [], skillsSought: r.skillsSought ?? [], goals: r.goals ?? [], interests: r.interests ?? [],
            availabilityHoursPerMonth: r.availabilityHoursPerMonth ?? 2, mentorCapacity: r.mentorCapacity ?? 1, recognitionPreferences: [],
            publicAcknowledgementConsent: r.publicAcknowledgementConsent ?? false, attributes: {},
          },
          answers: {},
          by: context.actor.id,
          at,
        },
        context: rowContext,
        publish,
      });
      await executeCommand(this.store, applicationDecider, {
        streamId: applicationStreamId(applicationId),
        command: { type: 'DecideApplication', decision: 'approved', reason: 'imported', by: context.actor.id, at },
        context: rowContext,
        publish,
      });
      return 'imported';
    });
  }

  /**
   * A past pairing of two participants of the program: proposed (a manager's, pre-approved, the mentee's acceptance
   * given), accepted by the mentor — so it starts — then paused, resumed and ended as the history says, each at its
   * original time through the pairing decider and the capacity policy (today's capacity applies, at each moment).
   */
  private async pairing(r: PairingRecord, programId: string, context: CommandContext, now: string): Promise<RowOutcome> {
    const pairingId = importedId(context.tenantId, programId, 'pairing', r.pairingRef);
    const history = {
      startedAt: r.startedAt,
      pauses: (r.pauses ?? []).map((p) => ({ pausedAt: p.pausedAt, resumedAt: p.resumedAt ?? null })),
      ended: r.ended ? { status: r.ended.status, at: r.ended.at, reason: r.ended.reason ?? null } : null,
    };
    const steps = pairingHistorySteps(history, context.actor.id, now);
    return inTransactionWithRetries(this.store, async (tx) => {
      if ((await loadAggregate(this.store, pairingDecider, context.tenantId, pairingStreamId(pairingId))).state.exists) return 'unchanged';
      const member = async (role: 'mentor' | 'mentee', employeeId: string, field: string): Promise<PairMember> => {
        const found = await openApplicationOf(tx, context.tenantId, programId, role, { employeeId });
        if (!found) throw new NotFoundError(`No ${role} with employee id ${employeeId} in this program (import the participant first)`, 'application.not_found', { field });
        if (found.status !== 'approved') throw new IllegalStateError(`${found.name} is not approved (application ${found.status})`, 'application.not_approved', { field });
        return { applicationId: found.applicationId, userId: found.userId, employeeId: found.employeeId, name: found.name };
      };
      const mentor = await member('mentor', r.mentorEmployeeId, 'mentorEmployeeId');
      const mentee = await member('mentee', r.menteeEmployeeId, 'menteeEmployeeId');
      const startedAt = new Date(r.startedAt).toISOString();
      const start = { ...context, occurredAt: startedAt };
      await this.commands.execute(
        new ProposePairingCommand(
          {
            type: 'ProposeMatch', pairingId, programId, runId: null, source: 'manager-override', mentor, mentee, score: 0, breakdown: null,
            algorithmVersion: IMPORTED_ALGORITHM_VERSION, preApproved: true, menteeAccepted: true,
            expiresAt: new Date(Date.parse(startedAt) + PROPOSAL_LIFETIME_MS).toISOString(), by: context.actor.id, at: startedAt,
          },
          false, // imported mentors mentored elsewhere: this program's onboarding is not asked of their past
          start,
        ),
      );
      await this.commands.execute(new RecordPairingChangeCommand(pairingId, { type: 'AcceptMatch', userId: mentor.userId, at: startedAt }, start));
      for (const step of steps) await this.commands.execute(new RecordPairingChangeCommand(pairingId, step, { ...context, occurredAt: step.at }));
      return 'imported';
    });
  }
}
