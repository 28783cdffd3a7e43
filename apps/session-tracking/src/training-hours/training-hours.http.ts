import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { ForbiddenError, NotFoundError } from '@tandem/kernel';
import { Clock, ManagesProgram, ProgramScope, RequestContext, Roles, SubjectParam, UuidParam } from '@tandem/platform';
import { programNameOf } from '../program-policies/program-policies.queries';
import { CorrectTrainingHoursCommand } from './training-hours.commands';
import { ledgerEntries, monthlyMinutes, participantName, type LedgerEntryRow } from './training-hours.queries';
import { toXapiStatements } from './training-hours.xapi';

export class CorrectionDto {
  @ApiProperty({ description: 'The credit entry to correct' })
  @IsUUID()
  entryId: string;

  @ApiProperty({ example: 30, description: 'The actual session length; the policy (rounding, monthly cap) applies again' })
  @IsInt() @Min(0) @Max(600)
  minutes: number;

  @ApiProperty({ example: 'The session ended after 30 minutes' })
  @IsString() @Length(1, 500)
  reason: string;
}

export class LedgerEntryView {
  @ApiProperty() entryId: string;
  @ApiProperty({ enum: ['credit', 'correction'] }) kind: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty({ enum: ['mentor', 'mentee'] }) role: string;
  @ApiProperty({ example: '2027-03' }) month: string;
  @ApiProperty({ nullable: true, type: String }) occurredAt: string | null;
  @ApiProperty({ description: 'Session length the entry is based on' }) sessionMinutes: number;
  @ApiProperty({ description: 'Credited minutes (a correction: the signed difference)' }) minutes: number;
  @ApiProperty({ description: 'The monthly cap reduced the credit' }) capped: boolean;
  @ApiProperty({ nullable: true, type: String }) correctsEntryId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() recordedBy: string;
  @ApiProperty() recordedAt: string;
}

class MonthTotal {
  @ApiProperty() month: string;
  @ApiProperty() minutes: number;
}

export class LedgerView {
  @ApiProperty() programId: string;
  @ApiProperty() userId: string;
  @ApiProperty() totalMinutes: number;
  @ApiProperty({ description: 'totalMinutes / 60, two decimals' }) hours: number;
  @ApiProperty({ type: [MonthTotal] }) months: MonthTotal[];
  @ApiProperty({ type: [LedgerEntryView], description: 'Every entry as appended (oldest first); entries are never edited' }) entries: LedgerEntryView[];
}

export class ProgramHoursView {
  @ApiProperty() programId: string;
  @ApiProperty() totalMinutes: number;
  @ApiProperty() hours: number;
  @ApiProperty({ type: [MonthTotal] }) months: MonthTotal[];
}

function ledgerView(programId: string, userId: string, entries: LedgerEntryRow[]): LedgerView {
  const months = new Map<string, number>();
  for (const e of entries) months.set(e.month, (months.get(e.month) ?? 0) + e.minutes);
  const totalMinutes = entries.reduce((sum, e) => sum + e.minutes, 0);
  return {
    programId,
    userId,
    totalMinutes,
    hours: Math.round((totalMinutes / 60) * 100) / 100,
    months: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, minutes]) => ({ month, minutes })),
    entries: entries.map((e) => ({
      entryId: e.entryId, kind: e.kind, sessionId: e.sessionId, pairingId: e.pairingId, role: e.role, month: e.month,
      occurredAt: e.occurredAt?.toISOString() ?? null, sessionMinutes: e.sessionMinutes, minutes: e.minutes, capped: e.capped,
      correctsEntryId: e.correctsEntryId, reason: e.reason, recordedBy: e.recordedBy, recordedAt: e.recordedAt.toISOString(),
    })),
  };
}

@ApiTags('training hours')
@ApiBearerAuth()
@Controller()
export class TrainingHoursController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  @Get('me/training-hours')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Your credited training hours per program and month' })
  @ApiOkResponse({ type: [ProgramHoursView] })
  async mine(@RequestContext() context: CommandContext): Promise<ProgramHoursView[]> {
    const rows = await monthlyMinutes(this.db, context.tenantId, context.actor.id);
    const programs = new Map<string, ProgramHoursView>();
    for (const row of rows) {
      const view = programs.get(row.programId) ?? { programId: row.programId, totalMinutes: 0, hours: 0, months: [] };
      view.totalMinutes += row.minutes;
      view.hours = Math.round((view.totalMinutes / 60) * 100) / 100;
      view.months.push({ month: row.month, minutes: row.minutes });
      programs.set(row.programId, view);
    }
    return [...programs.values()];
  }

  @Get('programs/:programId/training-hours/:userId')
  @ProgramScope('program')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ApiOperation({ summary: "A person's training-hours ledger in a program (the person themselves, or a program manager)" })
  @ApiOkResponse({ type: LedgerView })
  @ApiForbiddenResponse({ description: "Somebody else's ledger" })
  @ApiNotFoundResponse({ description: 'The person is in no pairing of this program' })
  async get(
    @Param('programId', UuidParam) programId: string,
    @Param('userId', SubjectParam) userId: string,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ): Promise<LedgerView> {
    await this.mayRead(context, programId, userId, manages);
    return ledgerView(programId, userId, await ledgerEntries(this.db, context.tenantId, programId, userId));
  }

  @Post('programs/:programId/training-hours/:userId/corrections')
  @ProgramScope('program')
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Correct a credit with a new entry that references it (entries are never edited); publishes TrainingHoursCorrected' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: LedgerView })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  @ApiNotFoundResponse({ description: 'No such entry in this ledger' })
  @ApiConflictResponse({ description: 'The entry is a correction itself, or the correction changes nothing' })
  async correct(
    @Param('programId', UuidParam) programId: string,
    @Param('userId', SubjectParam) userId: string,
    @Body() body: CorrectionDto,
    @RequestContext() context: CommandContext,
  ): Promise<LedgerView> {
    await this.commands.execute(new CorrectTrainingHoursCommand(context, programId, userId, body.entryId, body.minutes, body.reason, this.clock.now().toISOString()));
    return ledgerView(programId, userId, await ledgerEntries(this.db, context.tenantId, programId, userId));
  }

  @Get('programs/:programId/training-hours/:userId/xapi')
  @ProgramScope('program')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ApiOperation({
    summary: "A person's credited hours as xAPI 1.0.3 statements for an LMS/LRS (verb completed, actor by account, result.duration ISO-8601)",
  })
  @ApiOkResponse({ description: 'A JSON array of xAPI statements' })
  @ApiForbiddenResponse({ description: "Somebody else's hours" })
  @ApiNotFoundResponse({ description: 'The person is in no pairing of this program' })
  async xapi(
    @Param('programId', UuidParam) programId: string,
    @Param('userId', SubjectParam) userId: string,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ): Promise<Record<string, unknown>[]> {
    const { name } = await this.mayRead(context, programId, userId, manages);
    const programName = await programNameOf(this.db, context.tenantId, programId);
    const entries = await ledgerEntries(this.db, context.tenantId, programId, userId);
    return toXapiStatements(entries, { tenantId: context.tenantId, programId, programName, userId, name });
  }

  /** The person themselves or a manager of the program; 404 when the person was never in a pairing of the program. */
  private async mayRead(context: CommandContext, programId: string, userId: string, managesProgram: boolean): Promise<{ name: string | null }> {
    if (context.actor.id !== userId && !managesProgram) {
      throw new ForbiddenError("Only the person themselves or a manager of the program may read someone's training hours", 'training_hours.not_yours');
    }
    const name = await participantName(this.db, context.tenantId, programId, userId);
    if (name === undefined) throw new NotFoundError(`${userId} is in no pairing of program ${programId}`, 'training_hours.not_found');
    return { name };
  }
}
