import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PROGRAM_STATUSES, type ProgramStatus } from '@tandem/enrollment-contracts';
import type { CommandContext } from '@tandem/event-store';
import { Database } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { NotProgramScoped, PageOf, pageOf, PageQuery, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';

export class ProgramListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional() @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;
}

export class ProgramSummary {
  @ApiProperty() programId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status: ProgramStatus;
  @ApiProperty({ enum: ['cohort', 'evergreen'] }) lifecycleKind: string;
  @ApiProperty({ nullable: true, type: String }) startsOn: string | null;
  @ApiProperty({ nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) maxPairs: number | null;
  @ApiProperty() objectives: number;
  @ApiProperty() badgeDefinitions: number;
  @ApiProperty() applications: number;
  @ApiProperty() approved: number;
  @ApiProperty() activePairings: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() statusChangedAt: string;
}

const COLUMNS = `program_id AS "programId", name, status, lifecycle_kind AS "lifecycleKind", starts_on::text AS "startsOn",
         ends_on::text AS "endsOn", max_pairs AS "maxPairs", objectives, badge_definitions AS "badgeDefinitions",
         applications, approved, active_pairings AS "activePairings",
         created_at AS "createdAt", status_changed_at AS "statusChangedAt"`;
const SELECT = `SELECT ${COLUMNS} FROM reporting.programs`;

export class MonthlyEngagement {
  @ApiProperty({ example: '2027-02' }) month: string;
  @ApiProperty() sessions: number;
  @ApiProperty() sessionMinutes: number;
  @ApiProperty() trainingHours: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
}

export class ProgramImpact {
  @ApiProperty() programId: string;
  @ApiProperty({ description: 'Confirmed sessions' }) sessions: number;
  @ApiProperty() trainingHours: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Pulse NPS in points (−100…100)' }) nps: number | null;
  @ApiProperty() verifiedOutcomes: number;
  @ApiProperty() atRiskPairings: number;
  @ApiProperty({ type: [MonthlyEngagement] }) months: MonthlyEngagement[];
}

const orNull = (value: string | null) => (value === null ? null : Number(value));

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly db: Database) {}

  @Get()
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOperation({ summary: 'Programs of your organization as analytics sees them (eventually consistent)' })
  @ApiOkResponse({ type: PageOf(ProgramSummary) })
  async list(@Query() query: ProgramListQuery, @RequestContext() context: CommandContext): Promise<Page<ProgramSummary>> {
    const params: unknown[] = [context.tenantId];
    const filter = query.status ? `AND status = $${params.push(query.status)}` : '';
    return pageOf<ProgramSummary, ProgramSummary>(
      this.db,
      { select: COLUMNS, from: `FROM reporting.programs WHERE tenant_id = $1 ${filter}`, params, orderBy: 'created_at DESC, program_id' },
      query,
      (row) => row,
    );
  }

  @Get(':programId')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOkResponse({ type: ProgramSummary })
  @ApiNotFoundResponse()
  async get(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramSummary> {
    const { rows } = await this.db.query<ProgramSummary>(`${SELECT} WHERE tenant_id = $1 AND program_id = $2`, [context.tenantId, programId]);
    if (!rows[0]) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return rows[0];
  }

  @Get(':programId/impact')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOperation({ summary: 'Engagement and impact: sessions, training hours, ratings, NPS, verified outcomes, at-risk pairings, by month' })
  @ApiOkResponse({ type: ProgramImpact })
  @ApiNotFoundResponse()
  async impact(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramImpact> {
    const { rows } = await this.db.query<{ sessions: number; training_hours: string; average_rating: string | null; nps: string | null; verified_outcomes: number; at_risk_pairings: number }>(
      `SELECT sessions, training_hours, average_rating, nps, verified_outcomes, at_risk_pairings FROM reporting.program_impact WHERE tenant_id = $1 AND program_id = $2`,
      [context.tenantId, programId],
    );
    if (!rows[0]) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    const months = await this.db.query<{ month: string; sessions: number; session_minutes: number; training_hours: string; average_rating: string | null }>(
      `SELECT month, sessions, session_minutes, training_hours, average_rating FROM reporting.program_engagement_monthly
       WHERE tenant_id = $1 AND program_id = $2 ORDER BY month`,
      [context.tenantId, programId],
    );
    const r = rows[0];
    return {
      programId,
      sessions: r.sessions,
      trainingHours: Number(r.training_hours),
      averageRating: orNull(r.average_rating),
      nps: orNull(r.nps),
      verifiedOutcomes: r.verified_outcomes,
      atRiskPairings: r.at_risk_pairings,
      months: months.rows.map((m) => ({ month: m.month, sessions: m.sessions, sessionMinutes: m.session_minutes, trainingHours: Number(m.training_hours), averageRating: orNull(m.average_rating) })),
    };
  }
}
