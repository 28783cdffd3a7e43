import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { ForbiddenError, InvalidCommandError } from '@tandem/kernel';
import { Clock, IdempotentReplay, type Page, PageOf, PageQuery, RequestContext, ResponseNotRetained, Roles, UuidParam } from '@tandem/platform';
import { PairAccess } from '../pairings/pairings.queries';
import { isSessionOf } from '../sessions/sessions.queries';
import { deleteNote, writeNote } from './private-notes.commands';
import { findNote, notesPage, type NoteRow } from './private-notes.queries';

export class NoteDto {
  @ApiProperty({ example: 'Talked about the promotion case; follow up on the design doc', description: 'Readable by the pair alone' })
  @IsString() @Length(1, 10_000)
  text: string;

  @ApiPropertyOptional({ description: 'The session of this pairing the note is about' })
  @IsOptional() @IsUUID()
  sessionId?: string;
}

export class NoteView {
  @ApiProperty() noteId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty({ nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ enum: ['mentor', 'mentee'] }) authorRole: string;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
}

const NotePage = PageOf(NoteView);


const toView = (row: NoteRow): NoteView => ({
  noteId: row.noteId,
  pairingId: row.pairingId,
  sessionId: row.sessionId,
  authorRole: row.authorRole,
  text: row.body,
  createdAt: row.createdAt.toISOString(),
});


/**
 * Private notes: the pair's own notebook. By design they never leave this service — they are not events (no
 * event store row, no outbox row, no Kafka message), no other endpoint returns them, they are never logged, and
 * only the pairing's mentor and mentee can read them: program managers and admins cannot (403). The author can
 * delete a note for good.
 */
@ApiTags('private notes')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: "Only the pairing's mentor and mentee — never program managers" })
@ApiNotFoundResponse({ description: 'No such pairing (or note)' })
@Controller('pairings/:pairingId/notes')
export class PrivateNotesController {
  constructor(
    private readonly db: Database,
    private readonly access: PairAccess,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('mentor', 'mentee')
  @ResponseNotRetained() // the note's text is kept in this table alone, so a deleted note is gone for good
  @ApiOperation({ summary: 'Write a private note (readable by the pair alone; never published)' })
  @ApiCreatedResponse({ type: NoteView })
  @ApiBadRequestResponse({ description: 'Empty or too long text, or a session of another pairing' })
  async create(
    @Param('pairingId', UuidParam) pairingId: string,
    @Body() body: NoteDto,
    @RequestContext() context: CommandContext,
    @IdempotentReplay() replay: boolean,
  ): Promise<NoteView> {
    const { actor } = await this.access.member(context, pairingId, 'any');
    if (body.sessionId) {
      if (!(await isSessionOf(this.db, context.tenantId, body.sessionId, pairingId))) throw new InvalidCommandError('sessionId is not a session of this pairing', 'note.unknown_session', { field: 'sessionId' });
    }
    const noteId = context.idempotencyKey ? deterministicId(context.tenantId, 'note', context.idempotencyKey) : newId();
    // A replay answers with the note as it is now (404 once deleted), never writes it again.
    if (!replay) {
      await writeNote(this.db, { tenantId: context.tenantId, noteId, pairingId, sessionId: body.sessionId ?? null, author: actor, text: body.text, at: this.clock.now() });
    }
    return toView(await findNote(this.db, context.tenantId, pairingId, noteId));
  }

  @Get()
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "The pair's private notes, newest first" })
  @ApiOkResponse({ type: NotePage })
  async list(@Param('pairingId', UuidParam) pairingId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<NoteView>> {
    await this.access.member(context, pairingId, 'any');
    return notesPage(this.db, context.tenantId, pairingId, query, toView);
  }

  @Delete(':noteId')
  @HttpCode(204)
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Delete one of your own notes for good' })
  @ApiNoContentResponse()
  async remove(@Param('pairingId', UuidParam) pairingId: string, @Param('noteId', UuidParam) noteId: string, @RequestContext() context: CommandContext): Promise<void> {
    const { actor } = await this.access.member(context, pairingId, 'any');
    const note = await findNote(this.db, context.tenantId, pairingId, noteId);
    if (note.authorUserId !== actor.userId) throw new ForbiddenError('Only its author can delete a note', 'note.not_author');
    await deleteNote(this.db, context.tenantId, noteId);
  }
}
