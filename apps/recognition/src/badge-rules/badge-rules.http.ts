import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, invalidInput, NotProgramScoped, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { BADGE_TIERS } from '@tandem/recognition-contracts';
import { ruleProblems, type BadgeDefinitionState, type BadgeRule, type BadgeTier } from '@tandem/recognition-domain';
import { AwardWriter } from '../awards/awards.commands';
import { BadgeIdParam, EvidenceView } from '../awards/awards.http';
import { ChangeBadgeCommand, previewRule } from './badge-rules.commands';
import { requireProgram } from '../programs/programs.queries';
import { programBadgeRules, type BadgeRuleRow } from './badge-rules.queries';

const RULE_EXAMPLE = { allOf: [{ fact: 'consecutiveActiveMonths', atLeast: 3, role: 'mentor' }, { fact: 'confirmedSessions', atLeast: 5, withinDays: 120 }] };
const RULE_DOC = 'Criteria over facts: `{fact, atLeast, withinDays?, role?, minRatings?, outcomeKind?}` or `{allOf: [...]}` / `{anyOf: [...]}`. Facts: confirmedSessions, distinctMentees, consecutiveActiveMonths, verifiedMenteeOutcomes, averageRating (needs minRatings), trainingHours, goalsAchieved, kudosReceived (kudos from mentees).';

export class RuleDto {
  @ApiProperty({ example: RULE_EXAMPLE, description: RULE_DOC }) @IsObject() rule: BadgeRule;
}

export class CreateBadgeDto extends RuleDto {
  @ApiProperty({ example: 'Steady mentor' }) @IsString() @Length(1, 80) name: string;
  @ApiPropertyOptional({ example: 'Three months in a row' }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ enum: BADGE_TIERS, default: 'custom' }) @IsOptional() @IsIn(BADGE_TIERS) tier?: BadgeTier;
}

export class RetireBadgeDto {
  @ApiProperty({ example: 'Replaced by the yearly badge' }) @IsString() @Length(1, 500) reason: string;
}

export class BadgeRuleView {
  @ApiProperty() programId: string;
  @ApiProperty() badgeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BADGE_TIERS }) tier: string;
  @ApiProperty() description: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: RULE_EXAMPLE }) rule: BadgeRule;
  @ApiProperty({ enum: ['active', 'retired'] }) status: string;
  @ApiProperty() updatedAt: string;
}

export class QualifierView {
  @ApiProperty() personId: string;
  @ApiProperty() earnedAt: string;
  @ApiProperty({ type: [EvidenceView] }) evidence: EvidenceView[];
}

export class PreviewView {
  @ApiProperty({ description: 'People with facts the rule reads' }) evaluatedPeople: number;
  @ApiProperty({ type: [QualifierView] }) qualifying: QualifierView[];
}

/** The rule, or a 400 naming each problem's field (`rule.allOf[1].atLeast`), as class-validator reports a DTO's. */
function checkedRule(rule: unknown): BadgeRule {
  const problems = ruleProblems(rule);
  if (problems.length === 0) return rule as BadgeRule;
  throw invalidInput(problems.map((problem) => ({ field: problem.split(' ')[0], messages: [problem] })), `Invalid badge rule: ${problems.join('; ')}`);
}

const view = (s: BadgeDefinitionState, at: string): BadgeRuleView => {
  if (!s.exists) throw new Error('unreachable: a decided badge exists');
  const { programId, badgeId, name, tier, description, ruleVersion, rule, retired } = s;
  return { programId, badgeId, name, tier, description, ruleVersion, rule, status: retired ? 'retired' : 'active', updatedAt: at };
};

@ApiTags('badges')
@ApiBearerAuth()
@Controller('programs/:programId')
export class BadgeRulesController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly awards: AwardWriter,
  ) {}

  @Get('badge-rules')
  @Roles('program-manager', 'admin', 'mentor', 'mentee', 'analyst')
  @NotProgramScoped("the program's badges and their rules: no participant data")
  @ApiOperation({ summary: "A program's badges with their current rule version (retired ones included)" })
  @ApiOkResponse({ type: [BadgeRuleView] })
  list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<BadgeRuleRow[]> {
    return programBadgeRules(this.db, context.tenantId, programId);
  }

  @Post('badges')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Create a custom badge with rule version 1; everyone it already fits is awarded with their historical dates' })
  @ApiCreatedResponse({ type: BadgeRuleView })
  @ApiBadRequestResponse({ description: '`badge.invalid_rule`: the problems, each naming where it is (`rule.allOf[1].atLeast …`)' })
  async create(@Param('programId', UuidParam) programId: string, @Body() body: CreateBadgeDto, @RequestContext() context: CommandContext): Promise<BadgeRuleView> {
    const at = this.clock.now().toISOString();
    const badgeId = context.idempotencyKey ? deterministicId(context.tenantId, 'badge', context.idempotencyKey) : newId();
    const badge = { badgeId, name: body.name, description: body.description ?? '', tier: body.tier ?? 'custom', rule: checkedRule(body.rule) };
    const state = await this.commands.execute(new ChangeBadgeCommand({ type: 'CreateBadge', programId, badge, at, by: context.actor.id }, context));
    return view(state, at);
  }

  @Post('badges/preview')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Dry run: who would qualify for a rule over the whole program history, and since when — nothing is awarded' })
  @ApiOkResponse({ type: PreviewView })
  async preview(@Param('programId', UuidParam) programId: string, @Body() body: RuleDto, @RequestContext() context: CommandContext): Promise<PreviewView> {
    const rule = checkedRule(body.rule);
    await requireProgram(this.db, context.tenantId, programId);
    return previewRule(this.db, context.tenantId, programId, rule, this.awards.timeZoneOf(context.tenantId));
  }

  @Post('badges/:badgeId/rule-versions')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Publish the next version of a badge rule; back-fills the awards the preview shows' })
  @ApiCreatedResponse({ type: BadgeRuleView })
  @ApiNotFoundResponse({ description: 'No such badge in this program' })
  @ApiConflictResponse({ description: '`badge.retired` or `badge.rule_unchanged`' })
  async publish(
    @Param('programId', UuidParam) programId: string,
    @Param('badgeId', BadgeIdParam) badgeId: string,
    @Body() body: RuleDto,
    @RequestContext() context: CommandContext,
  ): Promise<BadgeRuleView> {
    const at = this.clock.now().toISOString();
    return view(await this.commands.execute(new ChangeBadgeCommand({ type: 'PublishRuleVersion', programId, badgeId, rule: checkedRule(body.rule), at, by: context.actor.id }, context)), at);
  }

  @Post('badges/:badgeId/retire')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Retire a badge: it awards nobody any more; its awards stay' })
  @ApiOkResponse({ type: BadgeRuleView })
  @ApiNotFoundResponse({ description: 'No such badge in this program' })
  @ApiConflictResponse({ description: '`badge.retired`: already retired' })
  async retire(
    @Param('programId', UuidParam) programId: string,
    @Param('badgeId', BadgeIdParam) badgeId: string,
    @Body() body: RetireBadgeDto,
    @RequestContext() context: CommandContext,
  ): Promise<BadgeRuleView> {
    const at = this.clock.now().toISOString();
    return view(await this.commands.execute(new ChangeBadgeCommand({ type: 'RetireBadge', programId, badgeId, reason: body.reason, at, by: context.actor.id }, context)), at);
  }
}
