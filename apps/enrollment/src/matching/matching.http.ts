import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { HARD_FILTERS, type HardFilter } from '@tandem/enrollment-domain';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { PageOf, PageQuery, ProgramScope, QueryInteger, type HeaderReply, type Page, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { readablePairing, runProposals } from '../pairings/pairings.queries';
import { PairingView, toPairingView } from '../shared/pairing-view';
import { MatchingService, OverrideMatchCommand, RequestMentorCommand, RunMatchingCommand, type Suggestion } from './matching.commands';
import { findMatchingRun, listMatchingRuns, type MatchingRunRecord } from './matching.queries';

export class SuggestionQuery {
  @ApiPropertyOptional({ type: 'integer', default: 5, minimum: 1, maximum: 20 }) @IsOptional() @QueryInteger(1, 20)
  limit = 5;
}

export class RequestMentorDto {
  @ApiProperty({ description: "The mentor's application id (from the suggestions)" }) @IsUUID()
  mentorApplicationId: string;
}

export class OverrideDto {
  @ApiProperty() @IsUUID() mentorApplicationId: string;
  @ApiProperty() @IsUUID() menteeApplicationId: string;

  @ApiPropertyOptional({
    enum: HARD_FILTERS,
    isArray: true,
    description: 'The hard filters you knowingly break (each must be named, or 409 lists them); recorded on the proposal',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(HARD_FILTERS.length) @IsIn(HARD_FILTERS, { each: true })
  acknowledgedFilters?: HardFilter[];
}

export class MatchingRunSummary {
  @ApiProperty() runId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: ['most-participation', 'best-quality'] }) objective: string;
  @ApiProperty() algorithmVersion: string;
  @ApiProperty() totalScore: number;
  @ApiProperty() matched: number;
  @ApiProperty() unmatchedCount: number;
  @ApiProperty({ description: 'Pairs excluded because they were rejected or declined earlier' }) excludedCount: number;
  @ApiProperty() ranBy: string;
  @ApiProperty() ranAt: string;
}

export class MatchingRunView {
  @ApiProperty() runId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: ['most-participation', 'best-quality'] }) objective: string;
  @ApiProperty() algorithmVersion: string;
  @ApiProperty({ description: 'Same fingerprint ⇒ same input ⇒ same result' }) inputFingerprint: string;
  @ApiProperty() totalScore: number;
  @ApiProperty() matched: number;
  @ApiProperty({ description: 'Mentees left unmatched and why: mentors eliminated per hard filter, and the closest mentor' })
  unmatched: MatchingRunRecord['unmatched'];
  @ApiProperty({ description: 'Pairs this run could not propose: rejected or declined earlier, not lifted' })
  exclusions: MatchingRunRecord['exclusions'];
  @ApiProperty() stats: Record<string, unknown>;
  @ApiProperty() ranBy: string;
  @ApiProperty() ranAt: string;
  @ApiProperty({ type: [PairingView] }) proposals: PairingView[];
}

@ApiTags('matching and pairings')
@ApiBearerAuth()
@Controller()
export class MatchingController {
  constructor(
    private readonly matching: MatchingService,
    private readonly commands: CommandBus,
    private readonly db: Database,
  ) {}

  @Post('programs/:programId/matching-runs')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Match the whole cohort of approved participants (optimal, explainable) and propose every pair' })
  @ApiCreatedResponse({ type: MatchingRunView })
  @ApiConflictResponse({ description: 'The program is not open or running' })
  async runMatching(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext, @Res({ passthrough: true }) reply: HeaderReply) {
    const runId = await this.commands.execute(new RunMatchingCommand(programId, context));
    reply.header('location', `/programs/${programId}/matching-runs/${runId}`);
    return this.run(programId, runId, context);
  }

  @Get('programs/:programId/matching-runs')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "A program's matching runs, newest first" })
  @ApiOkResponse({ type: PageOf(MatchingRunSummary) })
  runs(@Param('programId', UuidParam) programId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<MatchingRunSummary>> {
    return listMatchingRuns(this.db, context.tenantId, programId, query, (run) => ({
      runId: run.runId,
      programId: run.programId,
      objective: run.objective,
      algorithmVersion: run.algorithmVersion,
      totalScore: Number(run.totalScore),
      matched: run.matched,
      unmatchedCount: run.unmatched.length,
      excludedCount: run.exclusions.length,
      ranBy: run.ranBy,
      ranAt: run.ranAt.toISOString(),
    }));
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
    return this.view(context, await this.commands.execute(new RequestMentorCommand(programId, body.mentorApplicationId, context)), false);
  }

  @Post('programs/:programId/pairings')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Pair two approved participants by hand (override); the proposal is pre-approved. Broken hard filters must be acknowledged.' })
  @ApiCreatedResponse({ type: PairingView })
  @ApiConflictResponse({ description: 'The pair breaks hard filters that acknowledgedFilters does not name' })
  async override(@Param('programId', UuidParam) programId: string, @Body() body: OverrideDto, @RequestContext() context: CommandContext) {
    const command = new OverrideMatchCommand(programId, body.mentorApplicationId, body.menteeApplicationId, body.acknowledgedFilters ?? [], context);
    return this.view(context, await this.commands.execute(command), true);
  }

  private async view(context: CommandContext, pairingId: string, managesProgram: boolean): Promise<PairingView> {
    return toPairingView(await readablePairing(this.db, context, pairingId, managesProgram));
  }

  private async runView(tenantId: string, programId: string, runId: string): Promise<MatchingRunView> {
    const run = await findMatchingRun(this.db, tenantId, programId, runId);
    if (!run) throw new NotFoundError('Matching run not found', 'matching_run.not_found');
    const proposals = await runProposals(this.db, tenantId, runId);
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
      exclusions: run.exclusions,
      proposals: proposals.map(toPairingView),
    };
  }
}
