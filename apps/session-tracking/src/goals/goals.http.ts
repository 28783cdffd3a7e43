import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Database, deterministicId, EventStore, newId, type CommandContext } from '@tandem/event-store';
import { Clock, ManagesProgram, type Page, PageOf, PageQuery, RequestContext, Roles, IsCalendarDate, UuidParam, PathParamPipe } from '@tandem/platform';
import type { GoalsCommand } from '@tandem/session-tracking-domain';
import { PairAccess, type PairingRow } from '../pairings/pairings.queries';
import { roadmapState } from '../roadmaps/roadmaps.queries';
import { PairingRead } from '../shared/pairing-read';
import { RunGoalsCommand } from './goals.commands';
import { findGoal, goalsByIds, goalsPage } from './goals.queries';

/** A milestone id as goals number them: `<goalId>.m<n>`. */
class MilestoneIdPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.m\d{1,3}$/i.test(value) ? undefined : 'must be a milestone id such as <goalId>.m1';
  }
}
const milestoneIdParam = new MilestoneIdPipe();

export class MilestoneDto {
  @ApiProperty({ example: 'Shadow a design review' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ example: '2027-04-15' })
  @IsCalendarDate()
  dueOn: string;
}

export class GoalDto {
  @ApiProperty({ example: 'Lead a design review', description: 'Specific' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: 'Run one architecture review end to end' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: 'reviews led', description: 'Measurable: what is counted' })
  @IsString() @Length(1, 100)
  metric: string;

  @ApiProperty({ example: 1, description: 'Measurable: the target value' })
  @IsNumber() @Min(0)
  target: number;

  @ApiProperty({ example: 'Needed for the staff promotion', description: 'Achievable and relevant: why it matters' })
  @IsString() @Length(1, 1000)
  relevance: string;

  @ApiProperty({ example: '2027-06-30', description: 'Time-bound: due date (today or later)' })
  @IsCalendarDate()
  dueOn: string;

  @ApiPropertyOptional({ type: [MilestoneDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class ProgressDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 40 })
  @IsInt() @Min(0) @Max(100)
  progress: number;
}

export class AdoptRoadmapDto {
  @ApiProperty({ description: "A roadmap of the pairing's program" })
  @IsUUID()
  roadmapId: string;
}

export class MilestoneView {
  @ApiProperty() milestoneId: string;
  @ApiProperty() title: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export class GoalView {
  @ApiProperty() goalId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() metric: string;
  @ApiProperty() target: number;
  @ApiProperty() relevance: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: ['open', 'achieved'] }) status: string;
  @ApiProperty({ description: 'Percent, as reported by the pair' }) progress: number;
  @ApiProperty({ type: [MilestoneView] }) milestones: MilestoneView[];
  @ApiProperty({ nullable: true, type: String }) roadmapId: string | null;
  @ApiProperty() setAt: string;
  @ApiProperty({ nullable: true, type: String }) achievedAt: string | null;
}

const GoalPage = PageOf(GoalView);

@ApiTags('goals and roadmaps')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "Not the pairing's mentor or mentee (the managers of its program may read)" })
@Controller()
export class GoalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly access: PairAccess,
    private readonly clock: Clock,
  ) {}

  @Post('pairings/:pairingId/goals')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Set a SMART goal for your pairing, with milestones' })
  @ApiCreatedResponse({ type: GoalView })
  @ApiBadRequestResponse({ description: 'Invalid fields, a past due date or a milestone due after its goal' })
  @ApiNotFoundResponse({ description: 'No such pairing' })
  @ApiConflictResponse({ description: 'The pairing is paused or has ended' })
  async setGoal(@Param('pairingId', UuidParam) pairingId: string, @Body() body: GoalDto, @RequestContext() context: CommandContext): Promise<GoalView> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const goalId = context.idempotencyKey ? deterministicId(context.tenantId, 'goal', context.idempotencyKey) : newId();
    const goal = { ...body, description: body.description ?? '', milestones: body.milestones ?? [] };
    await this.run({ type: 'SetGoal', pairingId, programId: pairing.programId, goalId, goal, by: actor, at: this.now() }, context, pairing);
    return this.goal(context.tenantId, pairingId, goalId);
  }

  @Post('pairings/:pairingId/roadmap-adoptions')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "Adopt one of the program's roadmaps: each of its goals becomes a goal of the pairing, due relative to today" })
  @ApiCreatedResponse({ type: [GoalView] })
  @ApiNotFoundResponse({ description: 'No such pairing, or no such roadmap in its program' })
  @ApiConflictResponse({ description: 'Already adopted, retired, or the pairing is paused or has ended' })
  async adopt(@Param('pairingId', UuidParam) pairingId: string, @Body() body: AdoptRoadmapDto, @RequestContext() context: CommandContext): Promise<GoalView[]> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const roadmap = await roadmapState(this.store, context.tenantId, body.roadmapId);
    const goalIds = roadmap.exists ? roadmap.goals.map((g) => deterministicId(context.tenantId, 'roadmap-goal', pairingId, body.roadmapId, g.templateId)) : [];
    await this.run({ type: 'AdoptRoadmap', pairingId, programId: pairing.programId, roadmap, roadmapId: body.roadmapId, goalIds, by: actor, at: this.now() }, context, pairing);
    return goalsByIds(this.db, context.tenantId, goalIds);
  }

  @Get('pairings/:pairingId/goals')
  @PairingRead("A pairing's goals with milestones and progress", GoalPage)
  async goals(
    @Param('pairingId', UuidParam) pairingId: string,
    @Query() query: PageQuery,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ): Promise<Page<GoalView>> {
    await this.access.reader(context, pairingId, manages);
    return goalsPage(this.db, context.tenantId, pairingId, query);
  }

  @Post('pairings/:pairingId/goals/:goalId/progress')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "Update a goal's progress (percent)" })
  @ApiOkResponse({ type: GoalView })
  @ApiNotFoundResponse({ description: 'No such pairing or goal' })
  @ApiConflictResponse({ description: 'The goal is achieved, or the pairing is paused or has ended' })
  async progress(@Param('pairingId', UuidParam) pairingId: string, @Param('goalId', UuidParam) goalId: string, @Body() body: ProgressDto, @RequestContext() context: CommandContext) {
    return this.act(context, pairingId, goalId, (ref) => ({ type: 'UpdateGoalProgress', ...ref, progress: body.progress }));
  }

  @Post('pairings/:pairingId/goals/:goalId/milestones/:milestoneId/complete')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Mark a milestone done' })
  @ApiOkResponse({ type: GoalView })
  @ApiNotFoundResponse({ description: 'No such pairing, goal or milestone' })
  @ApiConflictResponse({ description: 'Already done, the goal is achieved, or the pairing is paused or has ended' })
  async milestone(
    @Param('pairingId', UuidParam) pairingId: string,
    @Param('goalId', UuidParam) goalId: string,
    @Param('milestoneId', milestoneIdParam) milestoneId: string,
    @RequestContext() context: CommandContext,
  ) {
    return this.act(context, pairingId, goalId, (ref) => ({ type: 'CompleteMilestone', ...ref, milestoneId }));
  }

  @Post('pairings/:pairingId/goals/:goalId/achieve')
  @HttpCode(200)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Mark a goal achieved (every milestone must be done); publishes GoalAchieved' })
  @ApiOkResponse({ type: GoalView })
  @ApiNotFoundResponse({ description: 'No such pairing or goal' })
  @ApiConflictResponse({ description: 'Open milestones, already achieved, or the pairing is paused or has ended' })
  async achieve(@Param('pairingId', UuidParam) pairingId: string, @Param('goalId', UuidParam) goalId: string, @RequestContext() context: CommandContext) {
    return this.act(context, pairingId, goalId, (ref) => ({ type: 'AchieveGoal', ...ref }));
  }

  private async act(context: CommandContext, pairingId: string, goalId: string, build: (ref: { pairingId: string; programId: string; goalId: string; by: any; at: string }) => GoalsCommand) {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    await this.run(build({ pairingId, programId: pairing.programId, goalId, by: actor, at: this.now() }), context, pairing);
    return this.goal(context.tenantId, pairingId, goalId);
  }

  private run(command: GoalsCommand, context: CommandContext, pairing: PairingRow): Promise<void> {
    return this.commands.execute(new RunGoalsCommand(command, context, pairing));
  }

  private goal(tenantId: string, pairingId: string, goalId: string): Promise<GoalView> {
    return findGoal(this.db, tenantId, pairingId, goalId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
