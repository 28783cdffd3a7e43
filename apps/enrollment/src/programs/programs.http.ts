import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotProgramScoped, PageOf, PageQuery, ProgramScope, type HeaderReply, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PROGRAM_STATUSES, type ProgramStatus } from '@tandem/enrollment-contracts';
import { ChangeProgramManagersCommand, ChangeProgramStatusCommand, CreateProgramCommand, ReviseProgramCommand } from './programs.commands';
import { CreateProgramDto, ProgramView, toProgramDefinition, toRevisedDefinition } from './programs.dto';
import { GetProgramQuery, listPrograms } from './programs.queries';

export class ProgramListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES }) @IsOptional() @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;
}

class ProgramSummary {
  @ApiProperty() programId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status: string;
  @ApiProperty({ enum: ['cohort', 'evergreen'] }) lifecycleKind: string;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: PROGRAM_STATUSES, example: 'open' })
  @IsIn(PROGRAM_STATUSES)
  status: ProgramStatus;
}

/** The managers list that replaces a program's (`PUT /programs/:id/managers`). */
export class ChangeManagersDto {
  @ApiProperty({ type: [String], example: ['pm-1', 'pm-2'], description: "Identity-provider subjects of the program's managers; repeats are stored once" })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50)
  @IsString({ each: true }) @Length(1, 255, { each: true })
  @Matches(/^[^\p{Cc}]*$/u, { each: true, message: '$property must not contain control characters' })
  managers: string[];
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly db: Database,
  ) {}

  @Get()
  @Roles('program-manager', 'admin', 'analyst', 'mentor', 'mentee')
  @NotProgramScoped("the tenant's program summaries: no participant data")
  @ApiOperation({ summary: "Your organization's programs, newest first, filtered by status" })
  @ApiOkResponse({ type: PageOf(ProgramSummary) })
  async list(@Query() query: ProgramListQuery, @RequestContext() context: CommandContext): Promise<Page<ProgramSummary>> {
    return listPrograms(this.db, context.tenantId, query.status, query, (r) => ({
      programId: r.programId,
      name: r.name,
      status: r.status,
      lifecycleKind: r.lifecycleKind,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  @Post()
  @Roles('program-manager', 'admin')
  @NotProgramScoped('creates a program; its creator becomes its manager')
  @ApiOperation({ summary: 'Create a program (draft)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key creates the program once' })
  @ApiCreatedResponse({ type: ProgramView })
  @ApiBadRequestResponse({ description: 'Invalid fields, each named in `errors`' })
  async create(
    @Body() body: CreateProgramDto,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgramView> {
    const id = context.idempotencyKey ? deterministicId(context.tenantId, 'program', context.idempotencyKey) : newId();
    const view: ProgramView = await this.commands.execute(new CreateProgramCommand(id, toProgramDefinition(body, context.actor.id), context));
    reply.header('location', `/programs/${view.programId}`).header('etag', `"${view.version}"`);
    return view;
  }

  @Get(':programId')
  @Roles('program-manager', 'admin', 'analyst', 'mentor', 'mentee')
  @NotProgramScoped('the program definition is open to everyone in the tenant: no participant data')
  @ApiOperation({ summary: 'A program as of now' })
  @ApiOkResponse({ type: ProgramView })
  @ApiNotFoundResponse({ description: 'No such program in your organization' })
  async get(
    @Param('programId', UuidParam) id: string,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.queries.execute(new GetProgramQuery(context.tenantId, id));
    reply.header('etag', `"${view.version}"`);
    return view;
  }

  @Put(':programId')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Replace the definition of a draft program' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw; 409 if it changed since' })
  @ApiOkResponse({ type: ProgramView })
  @ApiConflictResponse({ description: 'The program is no longer a draft, or it changed since If-Match' })
  async revise(
    @Param('programId', UuidParam) id: string,
    @Body() body: CreateProgramDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.commands.execute(
      new ReviseProgramCommand(id, toRevisedDefinition(body), context, parseIfMatch(ifMatch)),
    );
    reply.header('etag', `"${view.version}"`);
    return view;
  }

  @Post(':programId/status')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Move the program along draft → open → running → closed → archived' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw; 409 if it changed since' })
  @ApiOkResponse({ type: ProgramView })
  @ApiConflictResponse({ description: 'Illegal transition, or the program changed since If-Match' })
  async changeStatus(
    @Param('programId', UuidParam) id: string,
    @Body() body: ChangeStatusDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.commands.execute(
      new ChangeProgramStatusCommand(id, body.status, context, parseIfMatch(ifMatch)),
    );
    reply.header('etag', `"${view.version}"`);
    return view;
  }

  @Put(':programId/managers')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({
    summary: "Replace the program's managers (any status)",
    description: 'Only they and the tenant admins may manage the program and read its participants. Publishes ProgramManagersChanged.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw; 409 if it changed since' })
  @ApiOkResponse({ type: ProgramView })
  @ApiForbiddenResponse({ description: "You are not one of the program's managers, nor an admin" })
  @ApiConflictResponse({ description: 'The program changed since If-Match' })
  async changeManagers(
    @Param('programId', UuidParam) id: string,
    @Body() body: ChangeManagersDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.commands.execute(new ChangeProgramManagersCommand(id, body.managers, context, parseIfMatch(ifMatch)));
    reply.header('etag', `"${view.version}"`);
    return view;
  }
}

/** `If-Match: "3"` → 3. Anything else that is present is a client error, not something to ignore. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new BadRequestException({ message: 'If-Match must be a version such as "3"', errors: [{ field: 'If-Match', messages: ['must be a version such as "3"'] }] });
  return Number(match[1]);
}
