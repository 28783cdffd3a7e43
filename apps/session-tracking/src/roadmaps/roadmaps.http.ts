import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, NotProgramScoped, type Page, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { requireProgram } from '../program-policies/program-policies.queries';
import { RunRoadmapCommand } from './roadmaps.commands';
import { findRoadmap, roadmapsPage } from './roadmaps.queries';

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

// The operation ids stay those published while these routes lived in GoalsController, so generated clients keep working.
@ApiTags('goals and roadmaps')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "Not the pairing's mentor or mentee (the managers of its program may read)" })
@Controller()
export class RoadmapsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  @Post('programs/:programId/roadmaps')
  @ProgramScope('program')
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Define a roadmap (a template of goals and milestones) that pairings of the program can adopt', operationId: 'GoalsController_defineRoadmap' })
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
    return findRoadmap(this.db, context.tenantId, roadmapId);
  }

  @Get('programs/:programId/roadmaps')
  @NotProgramScoped("the program's roadmap templates: no participant data")
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @ApiOperation({ summary: "The program's roadmaps", operationId: 'GoalsController_roadmaps' })
  @ApiOkResponse({ type: RoadmapPage })
  async roadmaps(@Param('programId', UuidParam) programId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<RoadmapView>> {
    await requireProgram(this.db, context.tenantId, programId);
    return roadmapsPage(this.db, context.tenantId, programId, query);
  }

  @Post('roadmaps/:roadmapId/retire')
  @ProgramScope('roadmap')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Retire a roadmap: pairings that adopted it keep their goals; nobody can adopt it any more', operationId: 'GoalsController_retire' })
  @ApiOkResponse({ type: RoadmapView })
  @ApiNotFoundResponse({ description: 'No such roadmap' })
  async retire(@Param('roadmapId', UuidParam) roadmapId: string, @RequestContext() context: CommandContext): Promise<RoadmapView> {
    await this.commands.execute(new RunRoadmapCommand({ type: 'RetireRoadmap', roadmapId, by: context.actor.id, at: this.now() }, context));
    return findRoadmap(this.db, context.tenantId, roadmapId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
