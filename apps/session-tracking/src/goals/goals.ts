import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandHandler, CommandBus, type ICommandHandler } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Database, deterministicId, EventStore, executeCommand, newId, type CommandContext, type Transaction } from '@tandem/event-store';
import { fold, NotFoundError } from '@tandem/kernel';
import { Clock, ManagesProgram, NotProgramScoped, type Page, PageOf, PageQuery, ProgramScope, RequestContext, Roles, IsCalendarDate, pageOf, UuidParam, PathParamPipe } from '@tandem/platform';
import { GoalAchieved } from '@tandem/session-tracking-contracts';
import {
  goalsDecider,
  goalsStreamId,
  roadmapDecider,
  roadmapStreamId,
  type Goal,
  type GoalsCommand,
  type RoadmapCommand,
  type RoadmapEvent,
  type RoadmapState,
} from '@tandem/session-tracking-domain';
import { PairAccess, type PairingRow, requireProgram } from '../pairings/pairings';
import { Outbox } from '../shared/outbox';
import { PairingRead } from '../pairings/pairing-read';

// ---------- DTOs and views

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

export class MilestoneTemplateDto {
  @ApiProperty({ example: 'Join the on-call rotation' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ example: 30, description: 'Due this many days after adoption' })
  @IsInt() @Min(0) @Max(730)
  dueAfterDays: number;
}

export class GoalTemplateDto {
  @ApiProperty({ example: 'Own a service' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: 'services owned' })
  @IsString() @Length(1, 100)
  metric: string;

  @ApiProperty({ example: 1 })
  @IsNumber() @Min(0)
  target: number;

  @ApiProperty({ example: 90, description: 'Due this many days after adoption' })
  @IsInt() @Min(1) @Max(730)
  durationDays: number;

  @ApiPropertyOptional({ type: [MilestoneTemplateDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MilestoneTemplateDto)
  milestones?: MilestoneTemplateDto[];
}

export class RoadmapDto {
  @ApiProperty({ example: 'Tech lead path' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: [GoalTemplateDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => GoalTemplateDto)
  goals: GoalTemplateDto[];
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


export class RoadmapView {
  @ApiProperty() roadmapId: string;
  @ApiProperty() programId: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [GoalTemplateDto] }) goals: unknown[];
  @ApiProperty({ enum: ['active', 'retired'] }) status: string;
  @ApiProperty() definedAt: string;
}

const RoadmapPage = PageOf(RoadmapView);


// ---------- command handlers

export class RunGoalsCommand {
  constructor(
    readonly command: GoalsCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

@CommandHandler(RunGoalsCommand)
export class RunGoalsCommandHandler implements ICommandHandler<RunGoalsCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ command, context, pairing }: RunGoalsCommand): Promise<void> {
    const ref = { tenantId: context.tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    await executeCommand(this.store, goalsDecider, {
      streamId: goalsStreamId(pairing.pairingId),
      command,
      context,
      publish: (decided) =>
        decided.flatMap(({ event, eventId, metadata }) =>
          event.type === 'GoalAchieved'
            ? [this.outbox.message(GoalAchieved, { ...ref, goalId: event.data.goalId, roadmapId: event.data.roadmapId, milestones: event.data.milestones, achievedAt: event.data.at }, { eventId, metadata })]
            : [],
        ),
      project: async (decided, state, tx) => {
        const touched = new Set(decided.map((d) => (d.event.data as { goalId?: string }).goalId).filter((id): id is string => !!id));
        for (const goal of state.goals.filter((g) => touched.has(g.goalId))) await upsertGoal(tx, context.tenantId, pairing, goal, command.at);
      },
    });
  }
}

async function upsertGoal(tx: Transaction, tenantId: string, pairing: PairingRow, g: Goal, at: string) {
  await tx.query(
    `INSERT INTO session_tracking.goals
       (tenant_id, goal_id, pairing_id, program_id, title, description, metric, target, relevance, due_on, status, progress, milestones,
        roadmap_id, template_id, set_at, achieved_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (tenant_id, goal_id) DO UPDATE SET status = EXCLUDED.status, progress = EXCLUDED.progress, milestones = EXCLUDED.milestones,
       achieved_at = EXCLUDED.achieved_at, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, g.goalId, pairing.pairingId, pairing.programId, g.title, g.description, g.metric, g.target, g.relevance, g.dueOn, g.status,
      g.progress, JSON.stringify(g.milestones), g.roadmapId, g.templateId, g.setAt, g.achievedAt, at,
    ],
  );
}

export class RunRoadmapCommand {
  constructor(
    readonly command: RoadmapCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RunRoadmapCommand)
export class RunRoadmapCommandHandler implements ICommandHandler<RunRoadmapCommand, void> {
  constructor(private readonly store: EventStore) {}

  async execute({ command, context }: RunRoadmapCommand): Promise<void> {
    await executeCommand(this.store, roadmapDecider, {
      streamId: roadmapStreamId(command.roadmapId),
      command,
      context,
      project: async (_decided, state, tx) => {
        if (!state.exists) return;
        await tx.query(
          `INSERT INTO session_tracking.roadmaps (tenant_id, roadmap_id, program_id, title, description, goals, status, defined_by, defined_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
           ON CONFLICT (tenant_id, roadmap_id) DO UPDATE SET status = EXCLUDED.status, updated_at = $10`,
          [context.tenantId, state.roadmapId, state.programId, state.title, state.description, JSON.stringify(state.goals), state.status, context.actor.id, command.at, command.at],
        );
      },
    });
  }
}

// ---------- read side

interface GoalRow extends Omit<GoalView, 'target' | 'setAt' | 'achievedAt' | 'dueOn'> {
  target: string;
  dueOn: string;
  setAt: Date;
  achievedAt: Date | null;
}
const GOAL_COLUMNS = `goal_id AS "goalId", pairing_id AS "pairingId", title, description, metric, target, relevance, due_on::text AS "dueOn", status,
  progress, milestones, roadmap_id AS "roadmapId", set_at AS "setAt", achieved_at AS "achievedAt"`;
const goalView = (r: GoalRow): GoalView => ({ ...r, target: Number(r.target), setAt: r.setAt.toISOString(), achievedAt: r.achievedAt?.toISOString() ?? null });

interface RoadmapRow extends Omit<RoadmapView, 'definedAt'> {
  definedAt: Date;
}
const ROADMAP_COLUMNS = `roadmap_id AS "roadmapId", program_id AS "programId", title, description, goals, status, defined_at AS "definedAt"`;
const roadmapView = (r: RoadmapRow): RoadmapView => ({ ...r, definedAt: r.definedAt.toISOString() });

// ---------- HTTP

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
    const roadmap = await this.roadmapState(context.tenantId, body.roadmapId);
    const goalIds = roadmap.exists ? roadmap.goals.map((g) => deterministicId(context.tenantId, 'roadmap-goal', pairingId, body.roadmapId, g.templateId)) : [];
    await this.run({ type: 'AdoptRoadmap', pairingId, programId: pairing.programId, roadmap, roadmapId: body.roadmapId, goalIds, by: actor, at: this.now() }, context, pairing);
    const { rows } = await this.db.query<GoalRow>(`SELECT ${GOAL_COLUMNS} FROM session_tracking.goals WHERE tenant_id = $1 AND goal_id = ANY($2::uuid[]) ORDER BY template_id`, [
      context.tenantId,
      goalIds,
    ]);
    return rows.map(goalView);
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
    return pageOf<GoalRow, GoalView>(
      this.db,
      { select: GOAL_COLUMNS, from: `FROM session_tracking.goals WHERE tenant_id = $1 AND pairing_id = $2`, params: [context.tenantId, pairingId], orderBy: 'set_at, template_id, goal_id' },
      query,
      goalView,
    );
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

  @Post('programs/:programId/roadmaps')
  @ProgramScope('program')
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Define a roadmap (a template of goals and milestones) that pairings of the program can adopt' })
  @ApiCreatedResponse({ type: RoadmapView })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a milestone due after its goal' })
  @ApiNotFoundResponse({ description: 'No such program' })
  async defineRoadmap(@Param('programId', UuidParam) programId: string, @Body() body: RoadmapDto, @RequestContext() context: CommandContext): Promise<RoadmapView> {
    await requireProgram(this.db, context.tenantId, programId);
    const roadmapId = context.idempotencyKey ? deterministicId(context.tenantId, 'roadmap', context.idempotencyKey) : newId();
    const goals = body.goals.map((g) => ({ ...g, description: g.description ?? '', milestones: g.milestones ?? [] }));
    await this.commands.execute(
      new RunRoadmapCommand({ type: 'DefineRoadmap', roadmapId, programId, title: body.title, description: body.description ?? '', goals, by: context.actor.id, at: this.now() }, context),
    );
    return this.roadmap(context.tenantId, roadmapId);
  }

  @Get('programs/:programId/roadmaps')
  @NotProgramScoped("the program's roadmap templates: no participant data")
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @ApiOperation({ summary: "The program's roadmaps" })
  @ApiOkResponse({ type: RoadmapPage })
  async roadmaps(@Param('programId', UuidParam) programId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<RoadmapView>> {
    await requireProgram(this.db, context.tenantId, programId);
    return pageOf<RoadmapRow, RoadmapView>(
      this.db,
      { select: ROADMAP_COLUMNS, from: `FROM session_tracking.roadmaps WHERE tenant_id = $1 AND program_id = $2`, params: [context.tenantId, programId], orderBy: 'defined_at, roadmap_id' },
      query,
      roadmapView,
    );
  }

  @Post('roadmaps/:roadmapId/retire')
  @ProgramScope('roadmap')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Retire a roadmap: pairings that adopted it keep their goals; nobody can adopt it any more' })
  @ApiOkResponse({ type: RoadmapView })
  @ApiNotFoundResponse({ description: 'No such roadmap' })
  async retire(@Param('roadmapId', UuidParam) roadmapId: string, @RequestContext() context: CommandContext): Promise<RoadmapView> {
    await this.commands.execute(new RunRoadmapCommand({ type: 'RetireRoadmap', roadmapId, by: context.actor.id, at: this.now() }, context));
    return this.roadmap(context.tenantId, roadmapId);
  }

  private async act(context: CommandContext, pairingId: string, goalId: string, build: (ref: { pairingId: string; programId: string; goalId: string; by: any; at: string }) => GoalsCommand) {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    await this.run(build({ pairingId, programId: pairing.programId, goalId, by: actor, at: this.now() }), context, pairing);
    return this.goal(context.tenantId, pairingId, goalId);
  }

  private run(command: GoalsCommand, context: CommandContext, pairing: PairingRow): Promise<void> {
    return this.commands.execute(new RunGoalsCommand(command, context, pairing));
  }

  private async goal(tenantId: string, pairingId: string, goalId: string): Promise<GoalView> {
    const { rows } = await this.db.query<GoalRow>(`SELECT ${GOAL_COLUMNS} FROM session_tracking.goals WHERE tenant_id = $1 AND pairing_id = $2 AND goal_id = $3`, [
      tenantId, pairingId, goalId,
    ]);
    if (!rows[0]) throw new NotFoundError(`Goal ${goalId} not found`, 'goal.not_found');
    return goalView(rows[0]);
  }

  private async roadmap(tenantId: string, roadmapId: string): Promise<RoadmapView> {
    const { rows } = await this.db.query<RoadmapRow>(`SELECT ${ROADMAP_COLUMNS} FROM session_tracking.roadmaps WHERE tenant_id = $1 AND roadmap_id = $2`, [tenantId, roadmapId]);
    if (!rows[0]) throw new NotFoundError(`Roadmap ${roadmapId} not found`, 'roadmap.not_found');
    return roadmapView(rows[0]);
  }

  private async roadmapState(tenantId: string, roadmapId: string): Promise<RoadmapState> {
    const stream = await this.store.readStream<RoadmapEvent['data']>(tenantId, roadmapStreamId(roadmapId));
    return fold(roadmapDecider, stream.events.map((e) => ({ type: e.type, data: e.data }) as RoadmapEvent));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
