import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { ManagesProgram, PageOf, ProgramScope, type HeaderReply, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { Brackets, DataSource } from 'typeorm';
import { MatchingService, type Suggestion } from '../matching/matching.service';
import { MatchingRunRow, PairingRow } from '../read-models/entities';
import { ChangePairingCommand, type PairingActor } from './pairing.commands';
import type { PairingCommand } from '@tandem/enrollment-domain';
import {
  EndEarlyDto,
  MatchingRunView,
  OptionalReasonDto,
  OverrideDto,
  PairingListQuery,
  PairingView,
  RequestMentorDto,
  SuggestionQuery,
} from './pairing.dto';


function toView(row: PairingRow): PairingView {
  return {
    pairingId: row.pairingId,
    programId: row.programId,
    runId: row.runId,
    source: row.source,
    status: row.status,
    mentor: row.mentor,
    mentee: row.mentee,
    score: Number(row.score),
    breakdown: row.breakdown,
    algorithmVersion: row.algorithmVersion,
    accepted: { mentor: row.mentorAccepted, mentee: row.menteeAccepted },
    expiresAt: row.expiresAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
    version: row.version,
  };
}

@ApiTags('matching and pairings')
@ApiBearerAuth()
@Controller()
export class PairingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly matching: MatchingService,
    private readonly dataSource: DataSource,
  ) {}

  @Post('programs/:programId/matching-runs')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Match the whole cohort of approved participants (optimal, explainable) and propose every pair' })
  @ApiCreatedResponse({ type: MatchingRunView })
  @ApiConflictResponse({ description: 'The program is not open or running' })
  async runMatching(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext, @Res({ passthrough: true }) reply: HeaderReply) {
    const runId = await this.matching.run(programId, context);
    reply.header('location', `/programs/${programId}/matching-runs/${runId}`);
    return this.run(programId, runId, context);
  }

  @Get('programs/:programId/matching-runs/:runId')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'A matching run: its proposals with their score breakdowns, and who stayed unmatched and why' })
  @ApiOkResponse({ type: MatchingRunView })
  @ApiNotFoundResponse()
  run(@Param('programId', UuidParam) programId: string, @Param('runId', UuidParam) runId: string, @RequestContext() context: CommandContext): Promise<MatchingRunView> {
    return this.runView(context.tenantId, programId, runId);
  }

  @Get('programs/:programId/pairings')
  @Roles('program-manager', 'admin', 'analyst')
  @ProgramScope('program')
  @ApiOperation({ summary: "A program's proposals and pairings, by status or matching run" })
  @ApiOkResponse({ type: PageOf(PairingView) })
  async list(@Param('programId', UuidParam) programId: string, @Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<PairingView>> {
    const where = { tenantId: context.tenantId, programId, ...(query.status ? { status: query.status } : {}), ...(query.runId ? { runId: query.runId } : {}) };
    const [rows, total] = await this.dataSource.getRepository(PairingRow).findAndCount({ where, order: { createdAt: 'ASC', pairingId: 'ASC' }, take: query.limit, skip: query.offset });
    return { items: rows.map(toView), total, limit: query.limit, offset: query.offset };
  }

  @Get('my/pairings')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Your own proposals and pairings, as mentor or mentee' })
  @ApiOkResponse({ type: PageOf(PairingView) })
  async mine(@Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<PairingView>> {
    const builder = this.dataSource
      .getRepository(PairingRow)
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenant', { tenant: context.tenantId })
      .andWhere(new Brackets((b) => b.where('p.mentor_user_id = :me', { me: context.actor.id }).orWhere('p.mentee_user_id = :me', { me: context.actor.id })));
    if (query.status) builder.andWhere('p.status = :status', { status: query.status });
    const [rows, total] = await builder.orderBy('p.created_at', 'DESC').addOrderBy('p.pairing_id').take(query.limit).skip(query.offset).getManyAndCount();
    return { items: rows.map(toView), total, limit: query.limit, offset: query.offset };
  }

  @Get('pairings/:pairingId')
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  @ApiNotFoundResponse()
  get(@Param('pairingId', UuidParam) pairingId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean): Promise<PairingView> {
    return this.view(context, pairingId, manages);
  }

  @Get('programs/:programId/suggestions')
  @Roles('mentee')
  @ApiOperation({ summary: 'Evergreen self-match: your best available mentors, with the reasons' })
  suggestions(@Param('programId', UuidParam) programId: string, @Query() query: SuggestionQuery, @RequestContext() context: CommandContext): Promise<Suggestion[]> {
    return this.matching.suggestions(programId, context, query.limit);
  }

  @Post('programs/:programId/requests')
  @Roles('mentee')
  @ApiOperation({ summary: "Ask a mentor directly; their slot is held until they answer or the request expires" })
  @ApiCreatedResponse({ type: PairingView })
  async request(@Param('programId', UuidParam) programId: string, @Body() body: RequestMentorDto, @RequestContext() context: CommandContext) {
    return this.view(context, await this.matching.request(programId, body.mentorApplicationId, context), false);
  }

  @Post('programs/:programId/pairings')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Pair two approved participants by hand (override); the proposal is pre-approved' })
  @ApiCreatedResponse({ type: PairingView })
  async override(@Param('programId', UuidParam) programId: string, @Body() body: OverrideDto, @RequestContext() context: CommandContext) {
    return this.view(context, await this.matching.override(programId, body.mentorApplicationId, body.menteeApplicationId, context), true);
  }

  @Post('pairings/:pairingId/approve') @HttpCode(200) @Roles('program-manager', 'admin') @ProgramScope('pairing')
  @ApiOperation({ summary: 'Approve a proposal (it then awaits both acceptances)' }) @ApiOkResponse({ type: PairingView })
  approve(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'manager', c, manages, (at, by) => ({ type: 'ApproveProposal', by, at }));
  }

  @Post('pairings/:pairingId/reject') @HttpCode(200) @Roles('program-manager', 'admin') @ProgramScope('pairing')
  @ApiOperation({ summary: 'Reject a proposal (frees both sides)' }) @ApiOkResponse({ type: PairingView })
  reject(@Param('pairingId', UuidParam) id: string, @Body() body: OptionalReasonDto, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'manager', c, manages, (at, by) => ({ type: 'RejectProposal', reason: body.reason ?? null, by, at }));
  }

  @Post('pairings/:pairingId/accept') @HttpCode(200) @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Accept your match; the pairing starts when both sides have' }) @ApiOkResponse({ type: PairingView })
  accept(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext) {
    return this.change(id, 'member', c, false, (at, userId) => ({ type: 'AcceptMatch', userId, at }));
  }

  @Post('pairings/:pairingId/decline') @HttpCode(200) @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Decline your match (frees both sides)' }) @ApiOkResponse({ type: PairingView })
  decline(@Param('pairingId', UuidParam) id: string, @Body() body: OptionalReasonDto, @RequestContext() c: CommandContext) {
    return this.change(id, 'member', c, false, (at, userId) => ({ type: 'DeclineMatch', userId, reason: body.reason ?? null, at }));
  }

  @Post('pairings/:pairingId/pause') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  pause(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, (at, by) => ({ type: 'PausePairing', by, at }));
  }

  @Post('pairings/:pairingId/resume') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  resume(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, (at, by) => ({ type: 'ResumePairing', by, at }));
  }

  @Post('pairings/:pairingId/complete') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  complete(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, (at, by) => ({ type: 'CompletePairing', by, at }));
  }

  @Post('pairings/:pairingId/end') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOperation({ summary: 'End a pairing early, with a reason' }) @ApiOkResponse({ type: PairingView })
  end(@Param('pairingId', UuidParam) id: string, @Body() body: EndEarlyDto, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, (at, by) => ({ type: 'EndPairingEarly', reason: body.reason, by, at }));
  }

  private async change(pairingId: string, who: PairingActor, context: CommandContext, manages: boolean, command: (at: string, userId: string) => PairingCommand) {
    await this.commands.execute(new ChangePairingCommand(pairingId, command, who, context, manages));
    return this.view(context, pairingId, manages);
  }

  /** The pairing, for its mentor, its mentee or a manager of its program; anyone else is told it does not exist. */
  private async view(context: CommandContext, pairingId: string, managesProgram: boolean): Promise<PairingView> {
    const row = await this.dataSource.getRepository(PairingRow).findOneBy({ tenantId: context.tenantId, pairingId });
    const member = row && (row.mentorUserId === context.actor.id || row.menteeUserId === context.actor.id);
    if (!row || (!member && !managesProgram)) throw new NotFoundError('Pairing not found', 'pairing.not_found');
    return toView(row);
  }

  private async runView(tenantId: string, programId: string, runId: string): Promise<MatchingRunView> {
    const run = await this.dataSource.getRepository(MatchingRunRow).findOneBy({ tenantId, programId, runId });
    if (!run) throw new NotFoundError('Matching run not found', 'matching_run.not_found');
    const proposals = await this.dataSource.getRepository(PairingRow).find({ where: { tenantId, runId }, order: { score: 'DESC', pairingId: 'ASC' } });
    return {
      runId,
      programId,
      objective: run.objective,
      algorithmVersion: run.algorithmVersion,
      inputFingerprint: run.inputFingerprint,
      totalScore: Number(run.totalScore),
      matched: run.matched,
      unmatched: run.unmatched,
      stats: run.stats,
      ranBy: run.ranBy,
      ranAt: run.ranAt.toISOString(),
      proposals: proposals.map(toView),
    };
  }
}
