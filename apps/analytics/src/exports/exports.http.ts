import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { NotProgramScoped, oneOfParam, RequestContext, Roles } from '@tandem/platform';
import { programExists } from '../programs/programs.queries';
import { csvFile, parquetFile } from './export-formats';
import { EXPORTABLE_REPORTS, exportColumns, exportRows, type ExportableReport } from './exports.queries';

const FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', file: csvFile },
  parquet: { contentType: 'application/vnd.apache.parquet', file: parquetFile },
} as const;
type ExportFormat = keyof typeof FORMATS;

export class ExportQuery {
  @ApiPropertyOptional({ enum: Object.keys(FORMATS), default: 'csv' }) @IsOptional() @IsIn(Object.keys(FORMATS))
  format?: ExportFormat;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this program' }) @IsOptional() @IsUUID()
  programId?: string;
}

/** What the handler needs of Fastify's reply: headers, then a stream as the body. */
interface StreamReply {
  header(name: string, value: string): StreamReply;
  send(payload: Readable): unknown;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('reports')
export class ExportsController {
  constructor(private readonly db: Database) {}

  @Get(':report/export')
  @Roles('analyst', 'program-manager', 'admin')
  @NotProgramScoped('aggregate figures per program: no participant data')
  @ApiOperation({
    summary: "A reporting view of your organization as CSV or Parquet (the same columns as the analysts' SQL view, without tenant_id)",
    description: 'Streamed from a database cursor, one batch of rows at a time: any size exports in bounded memory. CSV: RFC 4180 with a header row, timestamps in ISO 8601 UTC. Parquet: one row group per 5,000 rows, snappy.',
  })
  @ApiParam({ name: 'report', enum: EXPORTABLE_REPORTS })
  @ApiProduces(FORMATS.csv.contentType, FORMATS.parquet.contentType)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: { [FORMATS.csv.contentType]: { schema: { type: 'string' } }, [FORMATS.parquet.contentType]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'programId names no program of your organization' })
  async export(
    @Param('report', oneOfParam(EXPORTABLE_REPORTS)) report: ExportableReport,
    @Query() { format = 'csv', programId }: ExportQuery,
    @RequestContext() context: CommandContext,
    @Res() reply: StreamReply,
  ): Promise<void> {
    if (programId && !(await programExists(this.db, context.tenantId, programId))) {
      throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    }
    const columns = await exportColumns(this.db, report);
    const rows = exportRows(this.db, report, columns, context.tenantId, programId);
    reply
      .header('content-type', FORMATS[format].contentType)
      .header('content-disposition', `attachment; filename="${report}${programId ? `-${programId}` : ''}.${format}"`)
      .send(Readable.from(FORMATS[format].file(columns, rows)));
  }
}
