import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Database, deterministicId, EventStore, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, IsDateTime, ManagesProgram, NotProgramScoped, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { CITATION_MAX } from '@tandem/recognition-domain';
import { CastVoteCommand, ManageCompetitionCommand, NominateCommand, OpenCompetitionCommand } from './competitions.commands';
import { competitionsPage, competitionView, findCompetition, nominationsPage, nominees, ownVote, type CompetitionRow, type NominationRow } from './competitions.queries';

const USER_ID = /^[^\p{Cc}]+$/u;
const NOT_BLANK = /\S/;

export class OpenCompetitionDto {
  @ApiProperty({ example: 'Mentor of the Year 2026' }) @IsString() @Length(1, 120) @Matches(NOT_BLANK, { message: 'title must not be blank' }) title: string;
  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'The period whose sessions count for eligibility' }) @IsDateTime() periodStart: string;
  @ApiProperty({ example: '2027-01-01T00:00:00Z' }) @IsDateTime() periodEnd: string;
  @ApiPropertyOptional({ example: 1, default: 1, description: 'Eligibility: at least this many confirmed sessions as a mentor in the period' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  minConfirmedSessions?: number;
  @ApiPropertyOptional({ example: '2026-12-10T09:00:00Z', description: 'Voting opens by itself then (a manager may open it earlier)' }) @IsOptional() @IsDateTime() votingOpensAt?: string;
  @ApiPropertyOptional({ example: '2026-12-17T17:00:00Z', description: 'No vote is accepted from then on; a manager closes to name the winner' }) @IsOptional() @IsDateTime() votingClosesAt?: string;
}

export class NominateDto {
  @ApiProperty({ example: 'mia', description: 'An eligible mentor in scope (their user id); not yourself' })
  @IsString()
  @Length(1, 255)
  @Matches(USER_ID, { message: 'nomineeId must be a user id without control characters' })
  nomineeId: string;
  @ApiProperty({ example: 'Turned my first year around', maxLength: CITATION_MAX, description: "Why: read by the competition's managers only" })
  @IsString()
  @Length(1, CITATION_MAX)
  @Matches(NOT_BLANK, { message: 'citation must not be blank' })
  citation: string;
}

export class VoteDto {
  @ApiProperty({ example: 'mia', description: 'One of the nominees' }) @IsString() @Length(1, 255) @Matches(USER_ID, { message: 'nomineeId must be a user id without control characters' }) nomineeId: string;
}

export class TallyView {
  @ApiProperty() nomineeId: string;
  @ApiProperty() votes: number;
  @ApiProperty() nominations: number;
}

export class NomineeView {
  @ApiProperty() nomineeId: string;
  @ApiProperty() name: string;
}

export class CompetitionView {
  @ApiProperty() competitionId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null: the whole tenant' }) programId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() periodStart: string;
  @ApiProperty() periodEnd: string;
  @ApiProperty() minConfirmedSessions: number;
  @ApiProperty({ nullable: true, type: String }) votingOpensAt: string | null;
  @ApiProperty({ nullable: true, type: String }) votingClosesAt: string | null;
  @ApiProperty({ enum: ['nominating', 'voting', 'closed'] }) status: string;
  @ApiProperty({ description: 'Ballots cast so far: the only figure of the vote before the close' }) ballots: number;
  @ApiProperty({ nullable: true, type: String }) winnerId: string | null;
  @ApiProperty({ nullable: true, type: [TallyView], description: 'After the close only' }) results: TallyView[] | null;
  @ApiProperty({ nullable: true, enum: ['nominations', 'first-nominated'] }) tieBreak: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
}

export class CompetitionDetailView extends CompetitionView {
  @ApiProperty({ type: [NomineeView] }) nominees: NomineeView[];
}

export class NominationView {
  @ApiProperty() nominationId: string;
  @ApiProperty() nomineeId: string;
  @ApiProperty() nominatorId: string;
  @ApiProperty() citation: string;
  @ApiProperty() submittedAt: string;
}

export class MyVoteView {
  @ApiProperty() nomineeId: string;
}

const CompetitionPage = PageOf(CompetitionView);
const NominationPage = PageOf(NominationView);

export class CompetitionListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'A program id, or `tenant` for the tenant-wide competitions' })
  @IsOptional()
  @ValidateIf((o: CompetitionListQuery) => o.programId !== 'tenant')
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'programId must be a UUID or `tenant`' })
  programId?: string;
  @ApiPropertyOptional({ enum: ['nominating', 'voting', 'closed'] }) @IsOptional() @IsIn(['nominating', 'voting', 'closed']) status?: string;
}

@ApiTags('competitions')
@ApiBearerAuth()
@Controller()
export class CompetitionsController {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post('programs/:programId/competitions')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Open a Mentor of the Year competition over the program: a period, eligibility, optional voting dates' })
  @ApiCreatedResponse({ type: CompetitionView })
  openInProgram(@Param('programId', UuidParam) programId: string, @Body() body: OpenCompetitionDto, @RequestContext() context: CommandContext): Promise<CompetitionRow> {
    return this.open(programId, body, context);
  }

  @Post('competitions')
  @Roles('admin')
  @NotProgramScoped('a tenant-wide competition: opened and managed by tenant admins')
  @ApiOperation({ summary: 'Open a tenant-wide Mentor of the Year competition (tenant admins): every program\'s participants take part' })
  @ApiCreatedResponse({ type: CompetitionView })
  openTenantWide(@Body() body: OpenCompetitionDto, @RequestContext() context: CommandContext): Promise<CompetitionRow> {
    return this.open(null, body, context);
  }

  @Get('competitions')
  @Roles('mentor', 'mentee', 'program-manager', 'admin', 'analyst')
  @NotProgramScoped('competitions and their public status (title, dates, ballots count, results after the close) are visible across the tenant')
  @ApiOperation({ summary: "Your organization's competitions, newest period first; filter by program (`tenant`: tenant-wide) and status" })
  @ApiOkResponse({ type: CompetitionPage })
  list(@Query() query: CompetitionListQuery, @RequestContext() context: CommandContext): Promise<Page<CompetitionRow>> {
    return competitionsPage(this.db, context.tenantId, { programId: query.programId, status: query.status }, query, this.clock.now());
  }

  @Get('competitions/:competitionId')
  @Roles('mentor', 'mentee', 'program-manager', 'admin', 'analyst')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'A competition with its nominees; before the close only the number of ballots, after it the tally and the winner' })
  @ApiOkResponse({ type: CompetitionDetailView })
  @ApiNotFoundResponse({ description: '`competition.not_found`' })
  async get(@Param('competitionId', UuidParam) competitionId: string, @RequestContext() context: CommandContext): Promise<CompetitionRow & { nominees: { nomineeId: string; name: string }[] }> {
    const competition = await this.found(context.tenantId, competitionId);
    return { ...competition, nominees: await nominees(this.db, context.tenantId, competitionId) };
  }

  @Get('competitions/:competitionId/nominations')
  @Roles('program-manager', 'admin')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'The nominations with their citations and nominators (managers of the competition only)' })
  @ApiOkResponse({ type: NominationPage })
  async nominations(@Param('competitionId', UuidParam) competitionId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<NominationRow>> {
    await this.found(context.tenantId, competitionId);
    return nominationsPage(this.db, context.tenantId, competitionId, query);
  }

  @Post('competitions/:competitionId/nominations')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Nominate an eligible mentor in scope with a citation (participants in scope; not yourself; once per nominee)' })
  @ApiCreatedResponse({ type: CompetitionDetailView })
  @ApiForbiddenResponse({ description: '`competition.not_in_scope`' })
  @ApiConflictResponse({ description: '`competition.nominations_closed`, `competition.not_eligible`, `competition.already_nominated`' })
  async nominate(@Param('competitionId', UuidParam) competitionId: string, @Body() body: NominateDto, @RequestContext() context: CommandContext) {
    const nominationId = context.idempotencyKey ? deterministicId(context.tenantId, 'nomination', context.idempotencyKey) : newId();
    await this.commands.execute(new NominateCommand(competitionId, nominationId, body.nomineeId, body.citation, this.clock.now().toISOString(), context));
    return this.get(competitionId, context);
  }

  @Post('competitions/:competitionId/votes')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'Vote for a nominee, once (participants and managers in scope); the answer shows only the number of ballots' })
  @ApiCreatedResponse({ type: CompetitionDetailView })
  @ApiConflictResponse({ description: '`competition.already_voted`, `competition.voting_not_open`, `competition.voting_closed`' })
  async vote(
    @Param('competitionId', UuidParam) competitionId: string,
    @Body() body: VoteDto,
    @ManagesProgram() manages: boolean,
    @RequestContext() context: CommandContext,
  ) {
    await this.commands.execute(new CastVoteCommand(competitionId, body.nomineeId, manages, this.clock.now().toISOString(), context));
    return this.get(competitionId, context);
  }

  @Get('competitions/:competitionId/my-vote')
  @Roles('mentor', 'mentee', 'program-manager', 'admin')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'Your own vote (nobody else can read it)' })
  @ApiOkResponse({ type: MyVoteView })
  @ApiNotFoundResponse({ description: '`competition.no_vote`: you have not voted' })
  async myVote(@Param('competitionId', UuidParam) competitionId: string, @RequestContext() context: CommandContext): Promise<MyVoteView> {
    await this.found(context.tenantId, competitionId);
    const nomineeId = await ownVote(this.store, context.tenantId, competitionId, context.actor.id);
    if (!nomineeId) throw new NotFoundError('You have not voted in this competition', 'competition.no_vote');
    return { nomineeId };
  }

  @Post('competitions/:competitionId/voting/open')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'Open the voting now (before its date): nominations close' })
  @ApiOkResponse({ type: CompetitionDetailView })
  @ApiConflictResponse({ description: '`competition.not_nominating`, `competition.no_nominees`' })
  async openVoting(@Param('competitionId', UuidParam) competitionId: string, @RequestContext() context: CommandContext) {
    await this.commands.execute(new ManageCompetitionCommand(competitionId, { type: 'OpenVoting', at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.get(competitionId, context);
  }

  @Post('competitions/:competitionId/close')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('competition')
  @ApiOperation({ summary: 'Close the competition: the tally and the winner (tie-break: more nominations, then nominated first) become public (CompetitionClosed)' })
  @ApiOkResponse({ type: CompetitionDetailView })
  @ApiConflictResponse({ description: '`competition.voting_not_open`, `competition.closed`' })
  async close(@Param('competitionId', UuidParam) competitionId: string, @RequestContext() context: CommandContext) {
    await this.commands.execute(new ManageCompetitionCommand(competitionId, { type: 'CloseCompetition', at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.get(competitionId, context);
  }

  private async open(programId: string | null, body: OpenCompetitionDto, context: CommandContext): Promise<CompetitionRow> {
    const competitionId = context.idempotencyKey ? deterministicId(context.tenantId, 'competition', context.idempotencyKey) : newId();
    const iso = (v: string | undefined) => (v === undefined ? null : new Date(v).toISOString());
    const competition = {
      competitionId, programId, title: body.title, periodStart: iso(body.periodStart) as string, periodEnd: iso(body.periodEnd) as string,
      minConfirmedSessions: body.minConfirmedSessions ?? 1, votingOpensAt: iso(body.votingOpensAt), votingClosesAt: iso(body.votingClosesAt),
    };
    await this.commands.execute(new OpenCompetitionCommand(competition, this.clock.now().toISOString(), context));
    return this.found(context.tenantId, competitionId);
  }

  private async found(tenantId: string, competitionId: string): Promise<CompetitionRow> {
    const competition = await findCompetition(this.db, tenantId, competitionId);
    if (!competition) throw new NotFoundError('Competition not found', 'competition.not_found');
    return competitionView(competition, this.clock.now());
  }
}
