import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { NotProgramScoped, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { programImpact, type ImpactFigures, type MonthlyFigures } from './engagement.queries';

export class MonthlyEngagement implements MonthlyFigures {
  @ApiProperty({ example: '2027-02', description: 'Calendar month in the tenant’s reporting time zone' }) month: string;
  @ApiProperty() sessions: number;
  @ApiProperty() sessionMinutes: number;
  @ApiProperty() trainingHours: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
}

export class ProgramImpact implements ImpactFigures {
  @ApiProperty() programId: string;
  @ApiProperty({ description: 'Confirmed sessions' }) sessions: number;
  @ApiProperty() trainingHours: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Pulse NPS in points (−100…100)' }) nps: number | null;
  @ApiProperty() verifiedOutcomes: number;
  @ApiProperty() atRiskPairings: number;
  @ApiProperty({ type: [MonthlyEngagement] }) months: MonthlyEngagement[];
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class EngagementController {
  constructor(private readonly db: Database) {}

  @Get(':programId/impact')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOperation({ summary: 'Engagement and impact: sessions, training hours, ratings, NPS, verified outcomes, at-risk pairings, by month' })
  @ApiOkResponse({ type: ProgramImpact })
  @ApiNotFoundResponse()
  async impact(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramImpact> {
    const impact = await programImpact(this.db, context.tenantId, programId);
    if (!impact) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return impact;
  }
}
