import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { ProgramScope, ReportingTimeZones, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { programExists } from '../programs/programs.queries';
import { programRewardFigures, type RewardBudgetFigures, type RewardMonthFigures } from './rewards.queries';

class RewardBudgetView implements RewardBudgetFigures {
  @ApiProperty({ example: '2027-Q1' }) period: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Allocations plus signed corrections, in minor units' }) allocatedMinor: number;
}

class RewardMonthView implements RewardMonthFigures {
  @ApiProperty({ example: '2027-02', description: 'Calendar month in the tenant’s reporting time zone' }) month: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Rewards fulfilled that month' }) fulfilled: number;
  @ApiProperty({ description: 'Their captured cost, in minor units' }) spentMinor: number;
  @ApiProperty({ description: 'Feedback given that month' }) ratings: number;
  @ApiProperty({ nullable: true, type: Number }) averageSatisfaction: number | null;
  @ApiProperty({ nullable: true, type: Number }) averageRelevance: number | null;
}

class RewardFiguresView {
  @ApiProperty({ type: [RewardBudgetView] }) budgets: RewardBudgetView[];
  @ApiProperty({ type: [RewardMonthView] }) months: RewardMonthView[];
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class RewardFiguresController {
  constructor(
    private readonly db: Database,
    private readonly zones: ReportingTimeZones,
  ) {}

  @Get(':programId/rewards')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Reward budget allocated per period, and per calendar month (in the tenant’s reporting time zone) the spend captured and the ratings given (satisfaction, relevance)' })
  @ApiOkResponse({ type: RewardFiguresView })
  @ApiNotFoundResponse()
  async figures(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<RewardFiguresView> {
    if (!(await programExists(this.db, context.tenantId, programId))) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return programRewardFigures(this.db, context.tenantId, programId, this.zones.of(context.tenantId));
  }
}
