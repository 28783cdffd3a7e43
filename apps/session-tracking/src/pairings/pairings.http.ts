import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { ManagesProgram, type Page, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { requireProgram } from '../program-policies/program-policies.queries';
import { PairingRead } from '../shared/pairing-read';
import { PairAccess, pairingsPage, type PairingRow } from './pairings.queries';

const STATUSES = ['active', 'paused', 'completed', 'ended-early'] as const;
const HEALTH = ['healthy', 'at-risk'] as const;

export class PairingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional() @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: HEALTH, description: '`at-risk`: no confirmed session within the cadence window' })
  @IsOptional() @IsIn(HEALTH)
  health?: (typeof HEALTH)[number];
}

class MemberView {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
}

export class PairingView {
  @ApiProperty() pairingId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ type: MemberView }) mentor: MemberView;
  @ApiProperty({ type: MemberView }) mentee: MemberView;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ description: 'At risk after this many days without a confirmed session: ceil(30 / sessionsPerMonth × 1.5)' }) windowDays: number;
  @ApiProperty({ nullable: true, type: String }) lastSessionAt: string | null;
  @ApiProperty() confirmedSessions: number;
  @ApiProperty() confirmedMinutes: number;
  @ApiProperty({ enum: HEALTH }) health: string;
  @ApiProperty({ nullable: true, type: String }) atRiskSince: string | null;
  @ApiProperty({ description: 'When the pairing becomes at risk without another confirmed session' }) dueAt: string;
}

const PairingPage = PageOf(PairingView);

export const pairingView = (p: PairingRow): PairingView => ({
  pairingId: p.pairingId,
  programId: p.programId,
  mentor: { userId: p.mentorUserId, name: p.mentorName },
  mentee: { userId: p.menteeUserId, name: p.menteeName },
  status: p.status,
  startedAt: p.startedAt.toISOString(),
  windowDays: p.windowDays,
  lastSessionAt: p.lastSessionAt?.toISOString() ?? null,
  confirmedSessions: p.confirmedSessions,
  confirmedMinutes: p.confirmedMinutes,
  health: p.health,
  atRiskSince: p.atRiskSince?.toISOString() ?? null,
  dueAt: p.dueAt.toISOString(),
});

@ApiTags('pairings')
@ApiBearerAuth()
@Controller()
export class PairingsController {
  constructor(
    private readonly db: Database,
    private readonly access: PairAccess,
  ) {}

  @Get('me/pairings')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'The pairings you are the mentor or mentee of' })
  @ApiOkResponse({ type: PairingPage })
  mine(@Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<PairingView>> {
    return this.list(context.tenantId, `(mentor_user_id = $2 OR mentee_user_id = $2)`, context.actor.id, query);
  }

  @Get('pairings/:pairingId')
  @PairingRead('A pairing as session tracking sees it: cadence, confirmed sessions, engagement health', PairingView)
  @ApiForbiddenResponse({ description: 'Neither a member nor a program manager' })
  async get(@Param('pairingId', UuidParam) pairingId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean): Promise<PairingView> {
    return pairingView((await this.access.reader(context, pairingId, manages)).pairing);
  }

  @Get('programs/:programId/pairings')
  @ProgramScope('program')
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: "A program's pairings; `health=at-risk&status=active` are the ones to step in for (longest overdue first)" })
  @ApiOkResponse({ type: PairingPage })
  async programPairings(@Param('programId', UuidParam) programId: string, @Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<PairingView>> {
    await requireProgram(this.db, context.tenantId, programId);
    return this.list(context.tenantId, `program_id = $2`, programId, query);
  }

  private list(tenantId: string, condition: string, value: string, query: PairingListQuery): Promise<Page<PairingView>> {
    return pairingsPage(this.db, tenantId, condition, value, query, pairingView);
  }
}
