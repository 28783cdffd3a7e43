import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Database, type CommandContext, type SqlExecutor } from '@tandem/event-store';
import { Clock, ProgramScope, RequestContext, Roles, SubjectParam, UuidParam } from '@tandem/platform';
import { BADGE_TIERS } from '@tandem/recognition-contracts';
import { ruleProgress, type CriterionProgress } from '@tandem/recognition-domain';
import { AwardWriter } from '../awards/awards.commands';
import { awardsPage } from '../awards/awards.queries';
import { activeBadgeRulesOf } from '../badge-rules/badge-rules.queries';
import { personFacts, programsOfPerson } from '../facts/facts.queries';

export class CriterionProgressView {
  @ApiProperty({ example: 'rule.allOf[1]' }) criterion: string;
  @ApiProperty({ example: 'confirmedSessions' }) fact: string;
  @ApiProperty({ example: 5 }) target: number;
  @ApiProperty({ example: 3 }) current: number;
  @ApiProperty() satisfied: boolean;
  @ApiPropertyOptional() ratings?: number;
  @ApiPropertyOptional() minRatings?: number;
}

export class BadgeProgressView {
  @ApiProperty() programId: string;
  @ApiProperty() badgeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BADGE_TIERS }) tier: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ enum: ['awarded', 'revoked'], nullable: true }) award: string | null;
  @ApiProperty({ nullable: true, type: String }) earnedAt: string | null;
  @ApiProperty({ type: [CriterionProgressView], description: 'Each criterion: current value against its target ("3 of 5 confirmed sessions")' })
  criteria: CriterionProgress[];
}

export class MyProgressQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
}

/** For each active badge of each program: every criterion's current value against its target, now. */
async function progressOf(db: SqlExecutor, tenantId: string, personId: string, programIds: string[], asOf: string, timeZone: string): Promise<BadgeProgressView[]> {
  const badges = await activeBadgeRulesOf(db, tenantId, programIds);
  const awards = await awardsPage(db, tenantId, { personId }, { limit: 200, offset: 0 });
  const out: BadgeProgressView[] = [];
  for (const programId of programIds) {
    const facts = await personFacts(db, tenantId, programId, personId);
    for (const badge of badges.filter((b) => b.programId === programId)) {
      const award = awards.items.find((a) => a.programId === programId && a.badgeId === badge.badgeId);
      out.push({
        programId, badgeId: badge.badgeId, name: badge.name, tier: badge.tier, ruleVersion: badge.ruleVersion,
        award: award?.status ?? null, earnedAt: award?.earnedAt ?? null,
        criteria: ruleProgress(badge.rule, facts, asOf, { timeZone }),
      });
    }
  }
  return out;
}

@ApiTags('awards')
@ApiBearerAuth()
@Controller()
export class ProgressController {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly awards: AwardWriter,
  ) {}

  @Get('me/progress')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "The caller's progress to every badge of their programs (or of one program)" })
  @ApiOkResponse({ type: [BadgeProgressView] })
  async mine(@Query() query: MyProgressQuery, @RequestContext() context: CommandContext): Promise<BadgeProgressView[]> {
    const programs = query.programId ? [query.programId] : await programsOfPerson(this.db, context.tenantId, context.actor.id);
    return progressOf(this.db, context.tenantId, context.actor.id, programs, this.clock.now().toISOString(), this.awards.timeZoneOf(context.tenantId));
  }

  @Get('programs/:programId/people/:personId/progress')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "Anyone's progress to the program's badges (the program's managers and admins)" })
  @ApiOkResponse({ type: [BadgeProgressView] })
  person(
    @Param('programId', UuidParam) programId: string,
    @Param('personId', SubjectParam) personId: string,
    @RequestContext() context: CommandContext,
  ): Promise<BadgeProgressView[]> {
    return progressOf(this.db, context.tenantId, personId, [programId], this.clock.now().toISOString(), this.awards.timeZoneOf(context.tenantId));
  }
}
