import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { KPI_IDS, KPIS, type KpiDefinition, type KpiId } from '@tandem/kpi';
import { Clock, IsCalendarDate, NotProgramScoped, ProgramScope, ReportingTimeZones, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { endOfDay, evaluateObjectives, kpiSeries, periodsBetween, programKpis, type KpiValues, type ObjectiveEvaluation, type SeriesInterval, type SeriesPoint } from './evaluation.queries';

/** `?asOf=2027-03-31`: the figures as the sources had recorded them by the end of that day (UTC), by the events' own times. */
export class AsOfQuery {
  @ApiPropertyOptional({ example: '2027-03-31', description: 'The figures recorded by the end of this day (UTC); default: now' })
  @IsOptional() @IsCalendarDate()
  asOf?: string;
}

/** At most this many periods per series (two years of weeks). */
const MAX_PERIODS = 104;

export class SeriesQuery {
  @ApiProperty({ enum: KPI_IDS, example: 'sessions' })
  @IsIn(KPI_IDS, { message: `metric must be one of: ${KPI_IDS.join(', ')}` })
  metric: KpiId;

  @ApiPropertyOptional({ enum: ['week', 'month'], default: 'month', description: 'ISO weeks (Monday to Sunday) or calendar months, in the tenant’s reporting time zone' })
  @IsOptional() @IsIn(['week', 'month'])
  interval: SeriesInterval = 'month';

  @ApiProperty({ example: '2026-11-01', description: 'The first period is the one holding this day' })
  @IsCalendarDate()
  from: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'The last period is the one holding this day (default: today)' })
  @IsOptional() @IsCalendarDate()
  to?: string;
}

export class SeriesPointView implements SeriesPoint {
  @ApiProperty({ example: '2027-02', description: '`YYYY-MM` or ISO week `YYYY-Www`' }) period: string;
  @ApiProperty({ example: '2027-02-01' }) from: string;
  @ApiProperty({ example: '2027-02-28' }) to: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The KPI as of the period’s last day' }) value: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'What the period added to a running total; null for a level KPI' }) added: number | null;
}

export class KpiSeries {
  @ApiProperty() programId: string;
  @ApiProperty({ enum: KPI_IDS }) metric: string;
  @ApiProperty({ enum: ['week', 'month'] }) interval: string;
  @ApiProperty({ type: [SeriesPointView] }) points: SeriesPointView[];
}

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

export class TenantKpis {
  @ApiProperty({ nullable: true, type: String, description: 'The day the figures are as of; null: now' }) asOf: string | null;
  @ApiProperty({ type: () => [KpiView] }) kpis: KpiView[];
}

export class ProgramKpis {
  @ApiProperty() programId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The day the figures are as of; null: now' }) asOf: string | null;
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
    private readonly zones: ReportingTimeZones,
  ) {}

  @Get(':programId/kpis')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Every KPI of the program, each with its one definition (docs/kpis.md)' })
  @ApiOkResponse({ type: ProgramKpis })
  @ApiNotFoundResponse()
  async kpis(@Param('programId', UuidParam) programId: string, @Query() { asOf }: AsOfQuery, @RequestContext() context: CommandContext): Promise<ProgramKpis> {
    const values = await programKpis(this.db, context.tenantId, programId, asOf, this.zones.of(context.tenantId));
    if (!values) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId, asOf: asOf ?? null, kpis: kpiViews(values) };
  }

  @Get(':programId/kpis/series')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'One KPI per week or month, bucketed by when things happened: its value as of each period’s end and what the period added' })
  @ApiOkResponse({ type: KpiSeries })
  @ApiNotFoundResponse()
  async series(@Param('programId', UuidParam) programId: string, @Query() query: SeriesQuery, @RequestContext() context: CommandContext): Promise<KpiSeries> {
    const to = query.to ?? this.clock.now().toISOString().slice(0, 10);
    const periods = periodsBetween(query.interval, query.from, to).length;
    if (query.from > to) throw new InvalidCommandError('from must be on or before to', 'series.invalid_range', { field: 'from' });
    if (periods > MAX_PERIODS) throw new InvalidCommandError(`from … to spans ${periods} ${query.interval}s; at most ${MAX_PERIODS}`, 'series.too_long', { field: 'from' });
    const points = await kpiSeries(this.db, context.tenantId, programId, query.metric, query.interval, query.from, to, this.zones.of(context.tenantId));
    if (!points) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId, metric: query.metric, interval: query.interval, points };
  }

  @Get(':programId/evaluation')
  @Roles('analyst', 'program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Evaluation matrix: each objective against its actual value — met, on track (pro rata to its horizon), behind or not measured' })
  @ApiOkResponse({ type: EvaluationMatrix })
  @ApiNotFoundResponse()
  async evaluation(@Param('programId', UuidParam) programId: string, @Query() { asOf }: AsOfQuery, @RequestContext() context: CommandContext): Promise<EvaluationMatrix> {
    // As of a day: judged at that day's end, on the figures recorded by then.
    const zone = this.zones.of(context.tenantId);
    const now = asOf ? new Date(endOfDay(asOf, zone)) : this.clock.now();
    const objectives = await evaluateObjectives(this.db, context.tenantId, programId, now, asOf, zone);
    if (!objectives) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId, evaluatedAt: now.toISOString(), objectives };
  }
}

/** The KPIs across all of a tenant's programs: for its analysts and admins. */
@ApiTags('kpis')
@ApiBearerAuth()
@Controller('kpis')
export class TenantKpisController {
  constructor(
    private readonly db: Database,
    private readonly zones: ReportingTimeZones,
  ) {}

  @Get()
  @Roles('analyst', 'admin')
  @NotProgramScoped('the tenant’s figures across its programs: for analysts and admins only')
  @ApiOperation({ summary: 'Every KPI across all the tenant’s programs (same definitions, docs/kpis.md)' })
  @ApiOkResponse({ type: TenantKpis })
  async kpis(@Query() { asOf }: AsOfQuery, @RequestContext() context: CommandContext): Promise<TenantKpis> {
    return { asOf: asOf ?? null, kpis: kpiViews((await programKpis(this.db, context.tenantId, null, asOf, this.zones.of(context.tenantId)))!) };
  }
}

const kpiViews = (values: KpiValues): KpiView[] => KPI_IDS.map((metric) => ({ metric, ...KPIS[metric], value: values[metric] }));
