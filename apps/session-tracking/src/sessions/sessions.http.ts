import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, IsDateTime, ManagesProgram, PageOf, PageQuery, ProgramScope, RequestContext, Roles, type Page, UuidParam } from '@tandem/platform';
import { SESSION_FORMATS, SIDES, type PairActor, type SessionCommand, type SessionFormat, type Side } from '@tandem/session-tracking-domain';
import { PairAccess } from '../pairings/pairings.queries';
import { requireProgram, sessionMinutesOf } from '../program-policies/program-policies.queries';
import { PairingRead } from '../shared/pairing-read';
import { RunSessionCommand } from './sessions.commands';
import { SessionQueries, sessionView, type SessionRow } from './sessions.queries';

export const SESSION_STATUSES = ['scheduled', 'cancelled', 'completed', 'no-show'] as const;
export const CONFIRMATIONS = ['pending', 'confirmed', 'declined', 'expired'] as const;

export class ScheduleSessionDto {
  @ApiProperty({ example: '2027-03-10T15:00:00Z', description: 'When the session will take place (in the future)' })
  @IsDateTime()
  scheduledAt: string;

  @ApiPropertyOptional({ example: 45, description: "Planned length; the program's session length when absent" })
  @IsOptional() @IsInt() @Min(5) @Max(600)
  plannedMinutes?: number;

  @ApiProperty({ enum: SESSION_FORMATS })
  @IsIn(SESSION_FORMATS)
  format: SessionFormat;
}

export class RescheduleSessionDto {
  @ApiProperty({ example: '2027-03-12T15:00:00Z' })
  @IsDateTime()
  scheduledAt: string;
}

export class ReasonDto {
  @ApiPropertyOptional({ example: 'Travelling that week', description: 'Stays in session tracking (never published)' })
  @IsOptional() @IsString() @MaxLength(500)
  reason?: string;
}

export class CompleteSessionDto {
  @ApiProperty({ example: 50, description: 'How long it actually lasted' })
  @IsInt() @Min(1) @Max(600)
  minutes: number;

  @ApiPropertyOptional({ enum: SESSION_FORMATS, description: 'As scheduled when absent' })
  @IsOptional() @IsIn(SESSION_FORMATS)
  format?: SessionFormat;

  @ApiPropertyOptional({ type: [String], example: ['career growth', 'system design'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ example: '2027-03-10T15:05:00Z', description: 'When it took place; the scheduled time when absent' })
  @IsOptional() @IsDateTime()
  occurredAt?: string;
}

export class LogSessionDto {
  @ApiProperty({ example: '2027-03-03T12:00:00Z', description: 'When it took place (in the past, after the pairing started)' })
  @IsDateTime()
  occurredAt: string;

  @ApiProperty({ example: 45 })
  @IsInt() @Min(1) @Max(600)
  minutes: number;

  @ApiProperty({ enum: SESSION_FORMATS })
  @IsIn(SESSION_FORMATS)
  format: SessionFormat;

  @ApiPropertyOptional({ type: [String], example: ['feedback on a design doc'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true })
  topics?: string[];
}

export class NoShowDto {
  @ApiProperty({ enum: SIDES, description: 'Who did not attend (the other side)' })
  @IsIn(SIDES)
  absent: Side;
}

export class FeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt() @Min(1) @Max(5)
  rating: number;

  @ApiPropertyOptional({ example: 'Very practical', description: 'Personal data: visible to you and program managers only, never published' })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}

export class SessionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional() @IsIn(SESSION_STATUSES)
  status?: (typeof SESSION_STATUSES)[number];

  @ApiPropertyOptional({ enum: CONFIRMATIONS, description: '`expired`: left unconfirmed past the confirmation window (does not count)' })
  @IsOptional() @IsIn(CONFIRMATIONS)
  confirmation?: (typeof CONFIRMATIONS)[number];

  @ApiPropertyOptional({ example: '2027-03-01T00:00:00Z', description: 'Sessions held or scheduled at or after' })
  @IsOptional() @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2027-04-01T00:00:00Z', description: 'Sessions held or scheduled before' })
  @IsOptional() @IsDateTime()
  to?: string;
}

export class ProgramSessionListQuery extends SessionListQuery {
  @ApiPropertyOptional({ description: 'Only this pairing' })
  @IsOptional() @IsString() @Length(1, 200)
  pairingId?: string;
}

export class RatingView {
  @ApiProperty() rating: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Only shown to its author and to program managers' }) comment?: string | null;
}

export class SessionFeedbackView {
  @ApiProperty({ type: RatingView, nullable: true }) mentor: RatingView | null;
  @ApiProperty({ type: RatingView, nullable: true }) mentee: RatingView | null;
}

export class SessionView {
  @ApiProperty() sessionId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  @ApiProperty({ enum: SESSION_FORMATS }) format: string;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) plannedMinutes: number | null;
  @ApiProperty({ nullable: true, type: String }) occurredAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) minutes: number | null;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ nullable: true, type: Boolean, description: 'Logged after the fact rather than scheduled first' }) logged: boolean | null;
  @ApiProperty({ nullable: true, enum: SIDES, description: 'Who reported it took place' }) reportedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The other side confirms by then, or it never counts' }) confirmBy: string | null;
  @ApiProperty({ nullable: true, enum: CONFIRMATIONS }) confirmation: string | null;
  @ApiProperty({ description: 'Completed and confirmed: counts for hours, cadence and recognition' }) counts: boolean;
  @ApiProperty({ nullable: true, enum: SIDES }) noShowAbsent: string | null;
  @ApiProperty({ type: SessionFeedbackView }) feedback: SessionFeedbackView;
  @ApiProperty() updatedAt: string;
}

export const SessionPage = PageOf(SessionView);

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Retrying with the same key records the session once' };

@ApiTags('sessions')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "Not the pairing's mentor or mentee (program managers may only read)" })
@Controller()
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: SessionQueries,
    private readonly access: PairAccess,
    private readonly clock: Clock,
    private readonly db: Database,
  ) {}

  @Post('pairings/:pairingId/sessions')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Schedule a session of your pairing' })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: SessionView })
  @ApiBadRequestResponse({ description: 'Invalid fields, each named in `errors`, or a time in the past' })
  @ApiNotFoundResponse({ description: 'No such pairing' })
  @ApiConflictResponse({ description: 'The pairing is paused or has ended' })
  async schedule(@Param('pairingId', UuidParam) pairingId: string, @Body() body: ScheduleSessionDto, @RequestContext() context: CommandContext): Promise<SessionView> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const sessionId = this.newSessionId(context);
    const plannedMinutes = body.plannedMinutes ?? (await sessionMinutesOf(this.db, context.tenantId, pairing.programId));
    const at = this.clock.now().toISOString();
    return this.run(
      { type: 'ScheduleSession', sessionId, pairingId, programId: pairing.programId, scheduledAt: body.scheduledAt, plannedMinutes, format: body.format, by: actor, at },
      context,
      pairing,
      actor,
    );
  }

  @Post('pairings/:pairingId/sessions/log')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Log a session that already took place; the other side confirms it within 14 days' })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: SessionView })
  @ApiBadRequestResponse({ description: 'Invalid fields, a future time or a time before the pairing started' })
  @ApiNotFoundResponse({ description: 'No such pairing' })
  @ApiConflictResponse({ description: 'The pairing is paused or has ended' })
  async log(@Param('pairingId', UuidParam) pairingId: string, @Body() body: LogSessionDto, @RequestContext() context: CommandContext): Promise<SessionView> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const sessionId = this.newSessionId(context);
    return this.run(
      {
        type: 'LogSession', sessionId, pairingId, programId: pairing.programId, pairingStartedAt: pairing.startedAt.toISOString(),
        details: { occurredAt: body.occurredAt, minutes: body.minutes, format: body.format, topics: body.topics ?? [] }, by: actor, at: this.clock.now().toISOString(),
      },
      context,
      pairing,
      actor,
    );
  }

  @Get('pairings/:pairingId/sessions')
  @PairingRead("A pairing's sessions, newest first (the pair and program managers)", SessionPage)
  async list(
    @Param('pairingId', UuidParam) pairingId: string,
    @Query() query: SessionListQuery,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ): Promise<Page<SessionView>> {
    const { side } = await this.access.reader(context, pairingId, manages);
    return this.sessions.forPairing(context.tenantId, pairingId, query, { side, manager: manages }, this.clock.now());
  }

  @Get('programs/:programId/sessions')
  @ProgramScope('program')
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: "A program's sessions across pairings, filterable by status, confirmation, pairing and time" })
  @ApiOkResponse({ type: SessionPage })
  async programSessions(@Param('programId', UuidParam) programId: string, @Query() query: ProgramSessionListQuery, @RequestContext() context: CommandContext): Promise<Page<SessionView>> {
    await requireProgram(this.db, context.tenantId, programId);
    return this.sessions.forProgram(context.tenantId, programId, query, this.clock.now());
  }

  @Get('sessions/:sessionId')
  @ProgramScope('session')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ApiOperation({ summary: 'One session' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  async get(@Param('sessionId', UuidParam) sessionId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean): Promise<SessionView> {
    const row = await this.sessions.row(context.tenantId, sessionId);
    const { side } = await this.access.reader(context, row.pairingId, manages);
    return sessionView(row, { side, manager: manages }, this.clock.now());
  }

  @Post('sessions/:sessionId/reschedule')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Move a scheduled session to another (future) time' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not scheduled any more, or the pairing is paused or has ended' })
  reschedule(@Param('sessionId', UuidParam) sessionId: string, @Body() body: RescheduleSessionDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'active', (by, at) => ({ type: 'RescheduleSession', sessionId, scheduledAt: body.scheduledAt, by, at }));
  }

  @Post('sessions/:sessionId/cancel')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Cancel a scheduled session (the reason stays private)' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not scheduled any more, or the pairing is paused or has ended' })
  cancel(@Param('sessionId', UuidParam) sessionId: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'active', (by, at) => ({ type: 'CancelSession', sessionId, reason: body.reason ?? null, by, at }));
  }

  @Post('sessions/:sessionId/complete')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Report that a scheduled session took place; the other side confirms it within 14 days' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not scheduled, not held yet, or the pairing is paused or has ended' })
  complete(@Param('sessionId', UuidParam) sessionId: string, @Body() body: CompleteSessionDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'active', (by, at, session) => ({
      type: 'CompleteSession', sessionId, by, at,
      details: { minutes: body.minutes, format: body.format ?? (session.format as SessionFormat), topics: body.topics ?? [], occurredAt: body.occurredAt },
    }));
  }

  @Post('sessions/:sessionId/no-show')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Report that the other side did not attend a scheduled session' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not scheduled, still ahead, or the pairing is paused or has ended' })
  noShow(@Param('sessionId', UuidParam) sessionId: string, @Body() body: NoShowDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'active', (by, at) => ({ type: 'ReportNoShow', sessionId, absent: body.absent, by, at }));
  }

  @Post('sessions/:sessionId/confirm')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({
    summary: 'Confirm a session the other side reported: it then counts (training hours credited, cadence restarted, SessionCompleted published)',
  })
  @ApiOkResponse({ type: SessionView })
  @ApiForbiddenResponse({ description: 'You reported it yourself: the other side confirms' })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not awaiting confirmation, or the confirmation window closed' })
  confirm(@Param('sessionId', UuidParam) sessionId: string, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'any', (by, at) => ({ type: 'ConfirmSession', sessionId, by, at }));
  }

  @Post('sessions/:sessionId/decline')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Decline a session the other side reported: it never counts' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not awaiting confirmation, or the confirmation window closed' })
  decline(@Param('sessionId', UuidParam) sessionId: string, @Body() body: ReasonDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'any', (by, at) => ({ type: 'DeclineSession', sessionId, reason: body.reason ?? null, by, at }));
  }

  @Post('sessions/:sessionId/feedback')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Rate a confirmed session once (1–5, optional comment; only the rating is published)' })
  @ApiOkResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'No such session' })
  @ApiConflictResponse({ description: 'Not confirmed, or you already rated it' })
  feedback(@Param('sessionId', UuidParam) sessionId: string, @Body() body: FeedbackDto, @RequestContext() context: CommandContext) {
    return this.act(context, sessionId, 'any', (by, at) => ({ type: 'RateSession', sessionId, rating: body.rating, comment: body.comment ?? null, by, at }));
  }

  /** A command on an existing session by a member of its pairing: the session row is read once, here. */
  private async act(
    context: CommandContext,
    sessionId: string,
    require: 'active' | 'any',
    build: (by: PairActor, at: string, session: SessionRow) => SessionCommand,
  ): Promise<SessionView> {
    const session = await this.sessions.row(context.tenantId, sessionId);
    const { pairing, actor } = await this.access.member(context, session.pairingId, require);
    return this.run(build(actor, this.clock.now().toISOString(), session), context, pairing, actor);
  }

  /** Runs the command and answers with the row it wrote (read only when a repeat wrote nothing). */
  private async run(command: SessionCommand, context: CommandContext, pairing: Awaited<ReturnType<PairAccess['pairing']>>, actor: PairActor): Promise<SessionView> {
    const written = await this.commands.execute<RunSessionCommand, SessionRow | undefined>(new RunSessionCommand(command, context, pairing));
    const row = written ?? (await this.sessions.row(context.tenantId, command.sessionId));
    return sessionView(row, { side: actor.side, manager: false }, this.clock.now());
  }

  private newSessionId(context: CommandContext): string {
    return context.idempotencyKey ? deterministicId(context.tenantId, 'session', context.idempotencyKey) : newId();
  }
}
