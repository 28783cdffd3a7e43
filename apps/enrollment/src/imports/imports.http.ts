import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { programDecider, programStreamId } from '@tandem/enrollment-domain';
import { EventStore, loadAggregate, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import {
  Clock,
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
  type ImportReply,
  type ImportRequest,
} from '@tandem/platform';
import type { Logger } from 'pino';
import { ImportEnrollmentRowCommand } from './imports.commands';

/** Participant rows imported at once: enough to share commits, few enough to leave the pool (5) to other requests. */
const PARTICIPANTS_IN_FLIGHT = 4;

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(
    private readonly store: EventStore,
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
    summary: 'Import participants (and past pairings) into a program, streamed, with a report of every rejected row',
    description:
      'The import file (docs/import): NDJSON, one record per line — enrollment imports `participant` and `pairing` records and skips the ' +
      "others (session tracking's) — or a participants CSV with the documented header. Each row is all or nothing: a participant is applied " +
      'and approved at `joinedAt`; a pairing is proposed, accepted, paused, resumed and ended at its original times, through the same rules ' +
      'as today. Idempotent by employee id (and by `pairingRef`): re-uploading changes nothing. Events carry `occurredAt` and the import id.',
  })
  @ApiConsumes('application/x-ndjson', 'text/csv')
  @ApiBody({ description: 'NDJSON import records (docs/import/import-record.schema.json) or a participants CSV', schema: { type: 'string' } })
  @ApiHeader({ name: 'x-import-id', required: false, description: 'A UUID naming the import (the CLI sends the same one to every service); a new one otherwise' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description:
      'The report, streamed while the import runs (NDJSON): progress every 500 rows, every rejected row with the status, code and fields a request ' +
      'for it alone would get, and a summary last (see docs/import).',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'No such program' })
  @ApiForbiddenResponse({ description: 'Not a manager of this program' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is neither application/x-ndjson nor text/csv' })
  async importParticipants(
    @Param('programId', UuidParam) programId: string,
    @RequestContext() context: CommandContext,
    @Req() request: ImportRequest,
    @Res() reply: ImportReply,
  ): Promise<void> {
    if (!(await loadAggregate(this.store, programDecider, context.tenantId, programStreamId(programId))).state.exists) {
      throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    }
    const { format, body, importId } = importUpload(request, ['ndjson', 'csv']);
    const rowContext = importRowContext(context, importId);
    const report = runImport(
      importRecords(body, format),
      (record) => this.commands.execute(new ImportEnrollmentRowCommand(record, programId, rowContext, this.clock.now().toISOString())),
      {
        importId,
        owns: ['participant', 'pairing'],
        // Participants do not depend on each other: a few at a time (a pairing waits for every row above it).
        concurrency: PARTICIPANTS_IN_FLIGHT,
        independent: (record) => record.record === 'participant',
        onUnexpected: (err, line) => this.logger.error({ err, line, importId }, 'import row failed'),
      },
    );
    sendImportReport(reply, ndjsonLines(report));
  }
}
