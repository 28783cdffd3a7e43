import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, PageOf, PageQuery, PathParamPipe, ProgramScope, RequestContext, Roles, SubjectParam, UuidParam, type Page } from '@tandem/platform';
import { BADGE_TIERS } from '@tandem/recognition-contracts';
import { RevokeAwardCommand } from './awards.commands';
import { awardsPage, findAward, type AwardRow } from './awards.queries';

class BadgeIdParamPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return /^[a-z0-9][a-z0-9-]{0,63}$/.test(value) ? undefined : 'must be a badge id (lowercase letters, digits and dashes, at most 64)';
  }
}
/** Badge ids: the default tiers' slugs (`rising-star`) or a custom badge's UUID. */
export const BadgeIdParam = new BadgeIdParamPipe();

export class EvidenceView {
  @ApiProperty({ example: 'rule.allOf[1]' }) criterion: string;
  @ApiProperty({ example: 'confirmedSessions' }) fact: string;
  @ApiProperty({ type: [String], description: 'Ids of the public events that satisfied the criterion' }) eventIds: string[];
}

export class AwardView {
  @ApiProperty() programId: string;
  @ApiProperty() badgeId: string;
  @ApiProperty() personId: string;
  @ApiProperty({ enum: BADGE_TIERS }) tier: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ description: 'When the rule first held: the occurrence time of the fact that completed it' }) earnedAt: string;
  @ApiProperty({ type: [EvidenceView] }) evidence: EvidenceView[];
  @ApiProperty({ enum: ['awarded', 'revoked'] }) status: string;
  @ApiProperty() flagged: boolean;
  @ApiProperty({ nullable: true, enum: ['evidence-corrected', 'no-longer-satisfied'] }) flagReason: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason: string | null;
  @ApiProperty() awardedAt: string;
}
const AwardPage = PageOf(AwardView);

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AwardListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BADGE_TIERS }) @IsOptional() @IsIn(BADGE_TIERS) tier?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) badgeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 255) personId?: string;
  @ApiPropertyOptional({ enum: ['awarded', 'revoked'] }) @IsOptional() @IsIn(['awarded', 'revoked']) status?: 'awarded' | 'revoked';
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(toBoolean) @IsBoolean() flagged?: boolean;
}

export class MyAwardsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
  @ApiPropertyOptional({ enum: BADGE_TIERS }) @IsOptional() @IsIn(BADGE_TIERS) tier?: string;
}

export class RevokeAwardDto {
  @ApiProperty({ example: 'The sessions behind it were test data' }) @IsString() @Length(1, 1000) reason: string;
}

@ApiTags('awards')
@ApiBearerAuth()
@Controller()
export class AwardsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get('programs/:programId/awards')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "A program's awards, newest earned first; filter by tier, badge, person, status, flagged" })
  @ApiOkResponse({ type: AwardPage })
  list(@Param('programId', UuidParam) programId: string, @Query() query: AwardListQuery, @RequestContext() context: CommandContext): Promise<Page<AwardRow>> {
    const { tier, badgeId, personId, status, flagged } = query;
    return awardsPage(this.db, context.tenantId, { programId, tier, badgeId, personId, status, flagged }, query);
  }

  @Get('programs/:programId/awards/flagged')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Awards flagged for review: their evidence was corrected or their rule no longer holds' })
  @ApiOkResponse({ type: AwardPage })
  flagged(@Param('programId', UuidParam) programId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<AwardRow>> {
    return awardsPage(this.db, context.tenantId, { programId, flagged: true, status: 'awarded' }, query);
  }

  @Post('programs/:programId/badges/:badgeId/awards/:personId/revoke')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Revoke an award with a reason (BadgeRevoked)' })
  @ApiOkResponse({ type: AwardView })
  @ApiNotFoundResponse({ description: 'No such award' })
  @ApiConflictResponse({ description: '`award.revoked`: already revoked' })
  async revoke(
    @Param('programId', UuidParam) programId: string,
    @Param('badgeId', BadgeIdParam) badgeId: string,
    @Param('personId', SubjectParam) personId: string,
    @Body() body: RevokeAwardDto,
    @RequestContext() context: CommandContext,
  ): Promise<AwardRow> {
    await this.commands.execute(new RevokeAwardCommand(programId, badgeId, personId, body.reason, this.clock.now().toISOString(), context));
    const award = await findAward(this.db, context.tenantId, programId, badgeId, personId);
    if (!award) throw new NotFoundError('Award not found', 'award.not_found');
    return award;
  }

  @Get('me/awards')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "The caller's awards across their programs (revoked ones included, with the reason)" })
  @ApiOkResponse({ type: AwardPage })
  mine(@Query() query: MyAwardsQuery, @RequestContext() context: CommandContext): Promise<Page<AwardRow>> {
    return awardsPage(this.db, context.tenantId, { personId: context.actor.id, programId: query.programId, tier: query.tier }, query);
  }
}
