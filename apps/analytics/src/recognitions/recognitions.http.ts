import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotProgramScoped, ReportingTimeZones, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { programRecognitions, type RecognitionFigures } from './recognitions.queries';

export class MonthlyRecognitions implements RecognitionFigures {
  @ApiProperty({ example: '2027-02', description: 'Calendar month in the tenant’s reporting time zone' }) month: string;
  @ApiProperty({ enum: ['participation', 'rising-star', 'champion', 'custom'] }) tier: string;
  @ApiProperty({ description: 'Awards earned that month (revoked ones included)' }) issued: number;
  @ApiProperty() revoked: number;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class RecognitionsController {
  constructor(
    private readonly db: Database,
    private readonly zones: ReportingTimeZones,
  ) {}

  @Get(':programId/recognitions')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate counts per tier and month: no participant data')
  @ApiOperation({ summary: 'Recognitions issued per tier and month (the calendar month the award was earned, in the tenant’s reporting time zone); empty for an unknown program' })
  @ApiOkResponse({ type: [MonthlyRecognitions] })
  list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<RecognitionFigures[]> {
    return programRecognitions(this.db, context.tenantId, programId, this.zones.of(context.tenantId));
  }
}
