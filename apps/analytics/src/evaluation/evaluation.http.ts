import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { KPI_IDS, type KpiDefinition } from '@tandem/kpi';
import { Clock, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { evaluateObjectives, kpiDefinition, programKpis, type ObjectiveEvaluation } from './evaluation.queries';

export class KpiView implements Omit<KpiDefinition, 'kind' | 'better' | 'unit'> {
  @ApiProperty({ enum: KPI_IDS, example: 'match-rate' }) metric: string;
  @ApiProperty({ example: 'Match rate' }) title: string;
  @ApiProperty({ enum: ['count', 'percent', 'points', 'hours', 'rating'] }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'], description: 'Which way is better' }) better: string;
  @ApiProperty({ enum: ['cumulative', 'level'] }) kind: string;
  @ApiProperty({ description: 'Decimals the value is rounded to (half away from zero)' }) decimals: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: nothing to measure yet' }) value: number | null;
  @ApiProperty({ description: 'The one definition (docs/kpis.md)' }) definition: string;
}

export class ProgramKpis {
  @ApiProperty() programId: string;
  @ApiProperty({ type: [KpiView] }) kpis: KpiView[];
}

export class ObjectiveView implements ObjectiveEvaluation {
  @ApiProperty() objectiveId: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'A KPI of docs/kpis.md (free text on programs created before the vocabulary: not measured)' }) metric: string;
  @ApiProperty() target: number;
  @ApiProperty() horizonMonths: number;
  @ApiProperty({ enum: ['short-term', 'long-term'] }) term: 'short-term' | 'long-term';
  @ApiProperty({ example: '2027-12-31', description: 'The program’s start + the horizon' }) dueOn: string;
  @ApiProperty({ description: 'Part of the horizon gone by, 0–1' }) elapsed: number;
  @ApiProperty({ nullable: true, type: Number }) actual: number | null;
  @ApiProperty({ enum: ['met', 'on-track', 'behind', 'not-measured'] }) status: ObjectiveEvaluation['status'];
}

export class EvaluationMatrix {
  @ApiProperty() programId: string;
  @ApiProperty({ description: 'When the statuses were judged' }) evaluatedAt: string;
  @ApiProperty({ type: [ObjectiveView] }) objectives: ObjectiveView[];
}

/** A program's KPIs and its objectives against them: for its managers, the tenant's analysts and admins. */
@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class EvaluationController {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  @Get(':programId/kpis')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Every KPI of the program, each with its one definition (docs/kpis.md)' })
  @ApiOkResponse({ type: ProgramKpis })
  @ApiNotFoundResponse()
  async kpis(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramKpis> {
    const values = await programKpis(this.db, context.tenantId, programId);
    if (!values) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId, kpis: KPI_IDS.map((metric) => ({ metric, ...kpiDefinition(metric), value: values[metric] })) };
  }

  @Get(':programId/evaluation')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Evaluation matrix: each objective against its actual value — met, on track (pro rata to its horizon), behind or not measured' })
  @ApiOkResponse({ type: EvaluationMatrix })
  @ApiNotFoundResponse()
  async evaluation(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<EvaluationMatrix> {
    const now = this.clock.now();
    const objectives = await evaluateObjectives(this.db, context.tenantId, programId, now);
    if (!objectives) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId, evaluatedAt: now.toISOString(), objectives };
  }
}
