import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { REWARD_CATEGORIES, REWARD_KINDS, type RewardKind } from '@tandem/recognition-contracts';
import { approvedMentorPreferences } from '../participants/participants.queries';
import { requireProgram } from '../programs/programs.queries';
import { ChangeRewardCommand } from './rewards.commands';
import { findReward, heldBadges, programRewards, suggestions, type RewardRow, type Suggestion } from './rewards.queries';

export class AddRewardDto {
  @ApiProperty({ example: 'Tech conference ticket' }) @IsString() @Length(1, 120) name: string;
  @ApiPropertyOptional({ example: 'One ticket to a conference of your choice, travel included' }) @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @ApiProperty({ enum: REWARD_KINDS, description: 'development: training, workshop, conference; access: network, event; public-recognition; gift; remuneration (allowed but flagged: a tenant admin approves each request too)' })
  @IsIn(REWARD_KINDS)
  kind: RewardKind;
  @ApiProperty({ example: 45000, description: 'Integer minor units of `currency` (45000 = 450.00 EUR)' }) @IsInt() @Min(1) @Max(1_000_000_000_000) costMinor: number;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code' }) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code (three capital letters)' }) currency: string;
  @ApiPropertyOptional({ example: 10, nullable: true, description: 'Units on hand; omitted or null: unlimited' }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) stock?: number | null;
  @ApiPropertyOptional({ type: [String], example: ['rising-star'], description: 'Badge ids or tiers of which the mentor must hold one; empty: every approved mentor' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  unlockedBy?: string[];
}

export class RestockDto {
  @ApiProperty({ example: 5, description: 'Units to add' }) @IsInt() @Min(1) @Max(1_000_000) quantity: number;
}

export class RewardView {
  @ApiProperty() programId: string;
  @ApiProperty() rewardId: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: REWARD_KINDS }) kind: string;
  @ApiProperty({ enum: REWARD_CATEGORIES }) category: string;
  @ApiProperty() costMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: Number }) stock: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Units on hand (stock less the units held by open and fulfilled requests)' }) available: number | null;
  @ApiProperty({ type: [String] }) unlockedBy: string[];
  @ApiProperty({ description: 'Remuneration: allowed but flagged' }) flagged: boolean;
  @ApiProperty({ nullable: true, type: String }) warning: string | null;
  @ApiProperty({ enum: ['active', 'retired'] }) status: string;
  @ApiProperty() updatedAt: string;
}

export class SuggestionView extends RewardView {
  @ApiProperty({ type: [String], description: 'The recognition preferences (from the application) this reward matches' }) matchesPreferences: string[];
  @ApiProperty({ type: [String], description: 'The badges or tiers the mentor holds that unlock it' }) unlockedByHeld: string[];
}

@ApiTags('rewards')
@ApiBearerAuth()
@Controller('programs/:programId/rewards')
export class RewardsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "The program's reward catalogue (retired rewards included) with the stock on hand" })
  @ApiOkResponse({ type: [RewardView] })
  async list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<RewardRow[]> {
    await requireProgram(this.db, context.tenantId, programId);
    return programRewards(this.db, context.tenantId, programId);
  }

  @Post()
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Add a reward to the catalogue: kind, cost in minor units and currency, optional stock, the badges or tiers that unlock it' })
  @ApiCreatedResponse({ type: RewardView })
  async add(@Param('programId', UuidParam) programId: string, @Body() body: AddRewardDto, @RequestContext() context: CommandContext): Promise<RewardRow> {
    const rewardId = context.idempotencyKey ? deterministicId(context.tenantId, 'reward', context.idempotencyKey) : newId();
    const reward = { rewardId, name: body.name, description: body.description ?? '', kind: body.kind, costMinor: body.costMinor, currency: body.currency, stock: body.stock ?? null, unlockedBy: body.unlockedBy ?? [] };
    const at = this.clock.now().toISOString();
    await this.commands.execute(new ChangeRewardCommand(programId, rewardId, { type: 'AddReward', programId, reward, at, by: context.actor.id }, context));
    return this.found(context.tenantId, programId, rewardId);
  }

  @Post(':rewardId/restock')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Add units to a reward with a stock' })
  @ApiOkResponse({ type: RewardView })
  @ApiNotFoundResponse({ description: '`reward.not_found`' })
  @ApiConflictResponse({ description: '`reward.unlimited_stock`: the reward has no stock to add to' })
  async restock(
    @Param('programId', UuidParam) programId: string,
    @Param('rewardId', UuidParam) rewardId: string,
    @Body() body: RestockDto,
    @RequestContext() context: CommandContext,
  ): Promise<RewardRow> {
    await this.commands.execute(new ChangeRewardCommand(programId, rewardId, { type: 'Restock', quantity: body.quantity, at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.found(context.tenantId, programId, rewardId);
  }

  @Post(':rewardId/retire')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Retire a reward: nobody can request it any more; open requests go on' })
  @ApiOkResponse({ type: RewardView })
  @ApiNotFoundResponse({ description: '`reward.not_found`' })
  @ApiConflictResponse({ description: '`reward.retired`: already retired' })
  async retire(@Param('programId', UuidParam) programId: string, @Param('rewardId', UuidParam) rewardId: string, @RequestContext() context: CommandContext): Promise<RewardRow> {
    await this.commands.execute(new ChangeRewardCommand(programId, rewardId, { type: 'RetireReward', at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.found(context.tenantId, programId, rewardId);
  }

  @Get('eligible')
  @Roles('mentor')
  @ApiOperation({
    summary: "The rewards the calling mentor may request now, personalized: those matching their recognition preferences first, then those their badges unlocked, then the cheaper",
  })
  @ApiOkResponse({ type: [SuggestionView] })
  @ApiForbiddenResponse({ description: '`reward.not_a_mentor`: not an approved mentor of the program' })
  async eligible(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<Suggestion[]> {
    const { tenantId, actor } = context;
    await requireProgram(this.db, tenantId, programId);
    const preferences = await approvedMentorPreferences(this.db, tenantId, programId, actor.id);
    const [rewards, held] = await Promise.all([programRewards(this.db, tenantId, programId, true), heldBadges(this.db, tenantId, programId, actor.id)]);
    return suggestions(rewards, held, preferences);
  }

  private async found(tenantId: string, programId: string, rewardId: string): Promise<RewardRow> {
    const reward = await findReward(this.db, tenantId, programId, rewardId);
    if (!reward) throw new NotFoundError('Reward not found', 'reward.not_found');
    return reward;
  }
}
