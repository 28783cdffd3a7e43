import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { RequestContext, Roles } from '@tandem/platform';
import { ChangeProgramStatusCommand, CreateProgramCommand } from './program.commands';
import { ChangeStatusDto, CreateProgramDto, ProgramView } from './program.dto';
import { GetProgramQuery } from './program.queries';

interface Reply {
  header(name: string, value: string): Reply;
}

const programId = new ParseUUIDPipe({ version: undefined });

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Create a program (draft)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key creates the program once' })
  @ApiCreatedResponse({ type: ProgramView })
  @ApiBadRequestResponse({ description: 'Invalid fields, each named in `errors`' })
  async create(
    @Body() body: CreateProgramDto,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<ProgramView> {
    const id = context.idempotencyKey ? deterministicId(context.tenantId, 'program', context.idempotencyKey) : newId();
    const managers = [...new Set([context.actor.id, ...(body.managers ?? [])])];
    const view: ProgramView = await this.commands.execute(
      new CreateProgramCommand(
        id,
        {
          name: body.name,
          purpose: body.purpose ?? '',
          format: body.format ?? 'one-to-one',
          lifecycle:
            body.lifecycle.kind === 'cohort'
              ? { kind: 'cohort', startsOn: body.lifecycle.startsOn!, endsOn: body.lifecycle.endsOn! }
              : { kind: 'evergreen' },
          capacity: { maxPairs: body.maxPairs ?? null },
          expectations: {
            sessionsPerMonth: body.expectations.sessionsPerMonth,
            sessionMinutes: body.expectations.sessionMinutes,
            commitmentMonths: body.expectations.commitmentMonths ?? null,
          },
          objectives: body.objectives.map((o, i) => ({ objectiveId: `objective-${i + 1}`, ...o })),
          sponsor: body.sponsor ? { name: body.sponsor.name, email: body.sponsor.email ?? null } : null,
          managers,
        },
        context,
      ),
    );
    reply.header('location', `/programs/${view.programId}`).header('etag', `"${view.version}"`);
    return view;
  }

  @Get(':programId')
  @Roles('program-manager', 'admin', 'analyst', 'mentor', 'mentee')
  @ApiOperation({ summary: 'A program as of now' })
  @ApiOkResponse({ type: ProgramView })
  @ApiNotFoundResponse({ description: 'No such program in your organization' })
  async get(
    @Param('programId', programId) id: string,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.queries.execute(new GetProgramQuery(context.tenantId, id));
    reply.header('etag', `"${view.version}"`);
    return view;
  }

  @Post(':programId/status')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Move the program along draft → open → running → closed → archived' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw; 409 if it changed since' })
  @ApiOkResponse({ type: ProgramView })
  @ApiConflictResponse({ description: 'Illegal transition, or the program changed since If-Match' })
  async changeStatus(
    @Param('programId', programId) id: string,
    @Body() body: ChangeStatusDto,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<ProgramView> {
    const view: ProgramView = await this.commands.execute(
      new ChangeProgramStatusCommand(id, body.status, context, parseIfMatch(ifMatch)),
    );
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
