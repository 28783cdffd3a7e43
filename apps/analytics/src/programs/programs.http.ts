import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PROGRAM_STATUSES, type ProgramStatus } from '@tandem/enrollment-contracts';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { NotProgramScoped, PageOf, PageQuery, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { matchingFigures, programFigures, programsOfTenant, type MatchingFigures, type ProgramFigures } from './programs.queries';

export class ProgramListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional() @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;
}

export class ProgramSummary implements ProgramFigures {
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

export class MatchingFiguresView implements MatchingFigures {
  @ApiProperty({ description: 'Proposals made (runs, requests, overrides)' }) proposals: number;
  @ApiProperty() declined: number;
  @ApiProperty() rejected: number;
  @ApiProperty() expired: number;
  @ApiProperty({ description: 'Declined by the mentor or the mentee ÷ proposals' }) declineRate: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median hours from proposal to the pairing starting' }) medianHoursToMatch: number | null;
}

export class ProgramReport extends ProgramSummary {
  @ApiProperty({ type: MatchingFiguresView }) matching: MatchingFiguresView;
}

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
  list(@Query() query: ProgramListQuery, @RequestContext() context: CommandContext): Promise<Page<ProgramSummary>> {
    return programsOfTenant(this.db, context.tenantId, query);
  }

  @Get(':programId')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOkResponse({ type: ProgramReport })
  @ApiNotFoundResponse()
  async get(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramReport> {
    const program = await programFigures(this.db, context.tenantId, programId);
    if (!program) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { ...program, matching: await matchingFigures(this.db, context.tenantId, programId) };
  }
}
