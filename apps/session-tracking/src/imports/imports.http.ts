import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import {
  Clock,
  importedId,
  importRecords,
  importRowContext,
  importUpload,
  ndjsonLines,
  PINO_LOGGER,
  ProgramScope,
  RequestContext,
  ResponseNotRetained,
  Roles,
  runImport,
  sendImportReport,
  UuidParam,
  type ImportLine,
  type ImportReply,
  type ImportReportLine,
  type ImportRequest,
  type PairingRecord,
} from '@tandem/platform';
import type { PairingTimeline } from '@tandem/session-tracking-domain';
import type { Logger } from 'pino';
import { requireProgram } from '../program-policies/program-policies.queries';
import { ImportHistoryRowCommand, ReleaseImportHoldsCommand } from './imports.commands';

const REPORT_DESCRIPTION =
  'The report, streamed while the import runs (NDJSON): `{"type":"progress",read,imported,unchanged,skipped,rejected}` every 500 rows, ' +
  '`{"type":"rejected",line,record,ref,status,code,message,errors:[{field,message}]}` for every rejected row (status as a request for that row alone would get), ' +
  'and `{"type":"summary",importId,…counts}` last.';

const timelineOf = (p: PairingRecord): PairingTimeline => ({
  startedAt: p.startedAt,
  pauses: (p.pauses ?? []).map((pause) => ({ pausedAt: pause.pausedAt, resumedAt: pause.resumedAt ?? null })),
  ended: p.ended ? { status: p.ended.status, at: p.ended.at } : null,
});

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class HistoryImportController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  @Post('programs/:programId/imports')
  @HttpCode(200)
  @ResponseNotRetained() // the report is streamed, not stored; a replay imports again, which changes nothing
  @ProgramScope('program')
  @Roles('program-manager', 'admin')
  @ApiOperation({
    summary: "Import a program's history: past sessions (confirmed by both sides), feedback ratings, goals and verified outcomes of its imported pairings",
    description:
      'The import file (docs/import: one JSON record per line), streamed: the same file enrollment took. Session tracking imports the sessions, ' +
      'feedback, goals and outcomes, checks each `pairing` record has fully arrived from enrollment (else 409 `import.pairing_not_yet_known` for it ' +
      'and its rows: upload again shortly), and skips participants. Each row is all or nothing, through the same rules as today (minutes, ' +
      'two-sided confirmation within 14 days — given by the import —, training hours rounded and capped per month) at its original time; ' +
      'its events carry `occurredAt` and the import id. Re-uploading changes nothing. Engagement health is judged over the history as it was.',
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ description: 'NDJSON: one import record per line (docs/import/import-record.schema.json)', schema: { type: 'string' } })
  @ApiHeader({ name: 'x-import-id', required: false, description: 'A UUID naming the import (the CLI sends the same one to every service); a new one otherwise' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: REPORT_DESCRIPTION, content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such program' })
  @ApiForbiddenResponse({ description: 'Not a manager of this program' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not application/x-ndjson' })
  async importHistory(
    @Param('programId', UuidParam) programId: string,
    @RequestContext() context: CommandContext,
    @Req() request: ImportRequest,
    @Res() reply: ImportReply,
  ): Promise<void> {
    await requireProgram(this.db, context.tenantId, programId);
    const { body, importId } = importUpload(request, ['ndjson']);
    sendImportReport(reply, ndjsonLines(this.run(importRecords(body, 'ndjson'), programId, importRowContext(context, importId), importId)));
  }

  private async *run(lines: AsyncIterable<ImportLine>, programId: string, context: CommandContext, importId: string): AsyncGenerator<ImportReportLine> {
    // The pairings the file describes (bounded by the number of pairings, not of rows): their timelines judge the history.
    const timelines = new Map<string, PairingTimeline>();
    const ready: { pairingId: string; timeline: PairingTimeline }[] = [];
    const report = runImport(
      lines,
      async (record) => {
        const now = this.clock.now().toISOString();
        let timeline: PairingTimeline | null = null;
        if (record.record === 'pairing') {
          timeline = timelineOf(record);
          timelines.set(importedId(context.tenantId, programId, 'pairing', record.pairingRef), timeline);
        } else if (record.record !== 'participant') {
          timeline = timelines.get(importedId(context.tenantId, programId, 'pairing', record.pairingRef)) ?? null;
        }
        const outcome = await this.commands.execute(new ImportHistoryRowCommand(record, programId, context, timeline, now));
        if (record.record === 'pairing') ready.push({ pairingId: importedId(context.tenantId, programId, 'pairing', record.pairingRef), timeline: timeline! });
        return outcome;
      },
      { importId, owns: ['session', 'feedback', 'goal', 'outcome'], onUnexpected: (err, line) => this.logger.error({ err, line, importId }, 'import row failed') },
    );
    for await (const line of report) {
      if (line.type === 'summary' && ready.length > 0) {
        await this.commands.execute(new ReleaseImportHoldsCommand(programId, context, ready, this.clock.now().toISOString()));
      }
      yield line;
    }
  }
}
