import { applyDecorators, Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { computeRoi, OUTCOME_KINDS, type OutcomeKind, type RoiAssumptions } from '@tandem/analytics-domain';
import { Database, type CommandContext } from '@tandem/event-store';
import { IllegalStateError, NotFoundError } from '@tandem/kernel';
import { PageOf, PageQuery, ProgramScope, QueryInteger, ReportingTimeZones, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AsOfQuery } from '../evaluation/evaluation.http';
import { programExists } from '../programs/programs.queries';
import { SetRoiAssumptionsCommand } from './roi.commands';
import { assumptionsVersion, assumptionVersions, roiInputs, type AssumptionsVersion } from './roi.queries';

/** An amount in the assumptions' currency. */
const Amount = () => applyDecorators(ApiProperty({ minimum: 0, maximum: 1e12, example: 1000 }), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(1e12));

export class OutcomeValuesDto implements Record<OutcomeKind, number> {
  @Amount() promotion: number;
  @Amount() 'project-completion': number;
  @Amount() 'skill-attainment': number;
  @Amount() certification: number;
}

export class RoiAssumptionsDto implements RoiAssumptions {
  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency code of every amount' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  @ApiProperty({ type: OutcomeValuesDto, description: 'The value of one verified outcome of each kind' })
  @IsObject() @ValidateNested() @Type(() => OutcomeValuesDto)
  outcomeValues: OutcomeValuesDto;

  @Amount() trainingHourValue: number;
  @Amount() participantHourlyCost: number;
  @Amount() fixedProgramCost: number;
}

export class SetRoiAssumptionsBody extends RoiAssumptionsDto {
  @ApiPropertyOptional({ description: 'The version you edited: 409 if another change came first' })
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}

export class AssumptionsVersionView implements AssumptionsVersion {
  @ApiProperty() version: number;
  @ApiProperty({ type: RoiAssumptionsDto }) assumptions: RoiAssumptionsDto;
  @ApiProperty() setBy: string;
  @ApiProperty() setAt: string;
}

export class RoiQuery extends AsOfQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The assumptions version to compute with (default: the current one)' })
  @IsOptional() @QueryInteger(1, 1_000_000)
  version?: number;
}

class OutcomeValueView {
  @ApiProperty({ enum: OUTCOME_KINDS }) kind: string;
  @ApiProperty() count: number;
  @ApiProperty() unitValue: number;
  @ApiProperty() value: number;
}
class TrainingValueView {
  @ApiProperty() hours: number;
  @ApiProperty() unitValue: number;
  @ApiProperty() value: number;
}
class RoiValueView {
  @ApiProperty({ type: [OutcomeValueView] }) outcomes: OutcomeValueView[];
  @ApiProperty({ type: TrainingValueView }) trainingHours: TrainingValueView;
  @ApiProperty() total: number;
}
class TimeCostView {
  @ApiProperty({ description: 'Confirmed session hours × 2 participants' }) hours: number;
  @ApiProperty() hourlyCost: number;
  @ApiProperty() cost: number;
}
class RoiCostView {
  @ApiProperty({ type: TimeCostView }) participantTime: TimeCostView;
  @ApiProperty() fixedProgramCost: number;
  @ApiProperty({ description: "Cost of the rewards fulfilled (recognition's budget ledger), in the assumptions' currency" }) rewardSpend: number;
  @ApiProperty() total: number;
}
export class RoiView {
  @ApiProperty() programId: string;
  @ApiProperty({ description: 'The assumptions version it was computed with' }) assumptionsVersion: number;
  @ApiProperty({ nullable: true, type: String, description: 'The day the results are as of; null: now' }) asOf: string | null;
  @ApiProperty() currency: string;
  @ApiProperty({ type: RoiValueView }) value: RoiValueView;
  @ApiProperty({ type: RoiCostView }) cost: RoiCostView;
  @ApiProperty({ nullable: true, type: Number, description: '(value − cost) ÷ cost, 2 decimals; null when the cost is 0' }) roi: number | null;
}

/** ROI per program on versioned assumptions, for its managers, the tenant's analysts and admins (docs/kpis.md, ROI). */
@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class RoiController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly zones: ReportingTimeZones,
  ) {}

  @Put(':programId/roi/assumptions')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Set the program’s ROI assumptions: a new version unless nothing changed' })
  @ApiOkResponse({ type: AssumptionsVersionView })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: '`concurrency_conflict`: expectedVersion is not the current version' })
  async set(@Param('programId', UuidParam) programId: string, @Body() body: SetRoiAssumptionsBody, @RequestContext() context: CommandContext): Promise<AssumptionsVersionView> {
    await this.program(context, programId);
    const { expectedVersion, ...assumptions } = body;
    const version = await this.commands.execute(new SetRoiAssumptionsCommand(programId, assumptions, context, expectedVersion));
    return (await assumptionsVersion(this.db, context.tenantId, programId, version))!;
  }

  @Get(':programId/roi/assumptions')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Every version of the program’s ROI assumptions, newest first' })
  @ApiOkResponse({ type: PageOf(AssumptionsVersionView) })
  @ApiNotFoundResponse()
  async versions(@Param('programId', UuidParam) programId: string, @Query() page: PageQuery, @RequestContext() context: CommandContext): Promise<Page<AssumptionsVersion>> {
    await this.program(context, programId);
    return assumptionVersions(this.db, context.tenantId, programId, page);
  }

  @Get(':programId/roi')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'ROI = (value − cost) ÷ cost with its whole breakdown, on the current (or a given) assumptions version' })
  @ApiOkResponse({ type: RoiView })
  @ApiNotFoundResponse({ description: 'Unknown program, or no such assumptions version' })
  @ApiConflictResponse({ description: '`roi.no_assumptions`: nobody has set the program’s ROI assumptions yet' })
  async roi(@Param('programId', UuidParam) programId: string, @Query() query: RoiQuery, @RequestContext() context: CommandContext): Promise<RoiView> {
    await this.program(context, programId);
    const assumptions = await assumptionsVersion(this.db, context.tenantId, programId, query.version);
    if (!assumptions && query.version !== undefined) throw new NotFoundError(`The program has no ROI assumptions version ${query.version}`, 'roi.version_not_found');
    if (!assumptions) throw new IllegalStateError('Set the program’s ROI assumptions first (PUT /programs/:programId/roi/assumptions)', 'roi.no_assumptions');
    const roi = computeRoi(await roiInputs(this.db, context.tenantId, programId, assumptions.assumptions.currency, query.asOf, this.zones.of(context.tenantId)), assumptions.assumptions);
    return { programId, assumptionsVersion: assumptions.version, asOf: query.asOf ?? null, ...roi };
  }

  private async program(context: CommandContext, programId: string): Promise<void> {
    if (!(await programExists(this.db, context.tenantId, programId))) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
  }
}
