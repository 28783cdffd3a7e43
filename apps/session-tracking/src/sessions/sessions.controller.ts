import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, ManagesProgram, ProgramScope, RequestContext, Roles, type Page, UuidParam } from '@tandem/platform';
import type { PairActor, SessionCommand, SessionFormat } from '@tandem/session-tracking-domain';
import { PairAccess, requireProgram } from '../pairings/pairings';
import {
  CompleteSessionDto,
  FeedbackDto,
  LogSessionDto,
  NoShowDto,
  ProgramSessionListQuery,
  ReasonDto,
  RescheduleSessionDto,
  ScheduleSessionDto,
  SessionListQuery,
  SessionPage,
  SessionView,
} from './session.dto';
import { RunSessionCommand, SessionQueries, sessionView, type SessionRow } from './sessions';
import { PairingRead } from '../pairings/pairing-read';

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
    const plannedMinutes = body.plannedMinutes ?? (await this.programSessionMinutes(context.tenantId, pairing.programId));
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

  private async programSessionMinutes(tenantId: string, programId: string): Promise<number> {
    const { rows } = await this.db.query<{ minutes: number }>(
      `SELECT session_minutes AS minutes FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
      [tenantId, programId],
    );
    return rows[0]?.minutes ?? 60;
  }
}
