import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { IllegalStateError } from '@tandem/kernel';
import { ManagesProgram, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { MyPairingView, PAIRING_STATUSES, PairingView, toMyPairingView, toPairingView } from '../shared/pairing-view';
import { ChangePairingCommand, type PairingActor, type PairingChange } from './pairings.commands';
import { listProgramPairings, listUserPairings, pairContacts, readablePairing } from './pairings.queries';

export class PairingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PAIRING_STATUSES }) @IsOptional() @IsIn(PAIRING_STATUSES)
  status?: (typeof PAIRING_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only the proposals of this matching run' }) @IsOptional() @IsUUID()
  runId?: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class ContactView {
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'IANA time zone' }) timeZone: string;
  @ApiProperty({ type: [String] }) languages: string[];
}

export class PairContactsView {
  @ApiProperty() pairingId: string;
  @ApiProperty({ type: ContactView, nullable: true }) mentor: ContactView | null;
  @ApiProperty({ type: ContactView, nullable: true }) mentee: ContactView | null;
}

export class EndEarlyDto {
  @ApiProperty({ example: 'Mentee changed roles' }) @IsString() @Length(1, 1000)
  reason: string;
}

@ApiTags('matching and pairings')
@ApiBearerAuth()
@Controller()
export class PairingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
  ) {}

  @Get('programs/:programId/pairings')
  @Roles('program-manager', 'admin', 'analyst')
  @ProgramScope('program')
  @ApiOperation({ summary: "A program's proposals and pairings, by status or matching run" })
  @ApiOkResponse({ type: PageOf(PairingView) })
  list(@Param('programId', UuidParam) programId: string, @Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<PairingView>> {
    return listProgramPairings(this.db, context.tenantId, programId, { status: query.status, runId: query.runId }, query, toPairingView);
  }

  @Get('my/pairings')
  @Roles('mentor', 'mentee')
  @ApiOperation({
    summary: 'Your own matches and mentorships, with what you can do now. Proposals still awaiting a program manager are not listed: there is nothing to answer yet.',
  })
  @ApiOkResponse({ type: PageOf(MyPairingView) })
  mine(@Query() query: PairingListQuery, @RequestContext() context: CommandContext): Promise<Page<MyPairingView>> {
    return listUserPairings(this.db, context.tenantId, context.actor.id, query.status, query, (row) => toMyPairingView(row, context.actor.id));
  }

  @Get('pairings/:pairingId')
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  @ApiNotFoundResponse()
  get(@Param('pairingId', UuidParam) pairingId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean): Promise<PairingView> {
    return this.view(context, pairingId, manages);
  }

  @Get('pairings/:pairingId/contacts')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'How to reach each other (name, email, time zone, languages) — for the two members of an active or paused pairing' })
  @ApiOkResponse({ type: PairContactsView })
  @ApiNotFoundResponse()
  async contacts(@Param('pairingId', UuidParam) pairingId: string, @RequestContext() context: CommandContext): Promise<PairContactsView> {
    const pairing = await readablePairing(this.db, context, pairingId, false);
    if (pairing.status !== 'active' && pairing.status !== 'paused') {
      throw new IllegalStateError(`Contact details are shared once the pairing is active; it is ${pairing.status}`, 'pairing.not_active', { status: pairing.status });
    }
    return { pairingId, ...(await pairContacts(this.db, context.tenantId, { mentor: pairing.mentor.applicationId, mentee: pairing.mentee.applicationId })) };
  }

  @Post('pairings/:pairingId/approve') @HttpCode(200) @Roles('program-manager', 'admin') @ProgramScope('pairing')
  @ApiOperation({ summary: 'Approve a proposal (it then awaits both acceptances)' }) @ApiOkResponse({ type: PairingView })
  approve(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'manager', c, manages, { type: 'ApproveProposal' });
  }

  @Post('pairings/:pairingId/reject') @HttpCode(200) @Roles('program-manager', 'admin') @ProgramScope('pairing')
  @ApiOperation({ summary: 'Reject a proposal (frees both sides)' }) @ApiOkResponse({ type: PairingView })
  reject(@Param('pairingId', UuidParam) id: string, @Body() body: OptionalReasonDto, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'manager', c, manages, { type: 'RejectProposal', reason: body.reason ?? null });
  }

  @Post('pairings/:pairingId/lift-exclusion') @HttpCode(200) @Roles('program-manager', 'admin') @ProgramScope('pairing')
  @ApiOperation({ summary: 'Let later matching runs propose this rejected or declined pair again' }) @ApiOkResponse({ type: PairingView })
  liftExclusion(@Param('pairingId', UuidParam) id: string, @Body() body: OptionalReasonDto, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'manager', c, manages, { type: 'LiftExclusion', reason: body.reason ?? null });
  }

  @Post('pairings/:pairingId/accept') @HttpCode(200) @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Accept your match; the pairing starts when both sides have' }) @ApiOkResponse({ type: PairingView })
  accept(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext) {
    return this.change(id, 'member', c, false, { type: 'AcceptMatch' });
  }

  @Post('pairings/:pairingId/decline') @HttpCode(200) @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Decline your match (frees both sides)' }) @ApiOkResponse({ type: PairingView })
  decline(@Param('pairingId', UuidParam) id: string, @Body() body: OptionalReasonDto, @RequestContext() c: CommandContext) {
    return this.change(id, 'member', c, false, { type: 'DeclineMatch', reason: body.reason ?? null });
  }

  @Post('pairings/:pairingId/pause') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  pause(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, { type: 'PausePairing' });
  }

  @Post('pairings/:pairingId/resume') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  resume(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, { type: 'ResumePairing' });
  }

  @Post('pairings/:pairingId/complete') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOkResponse({ type: PairingView })
  complete(@Param('pairingId', UuidParam) id: string, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, { type: 'CompletePairing' });
  }

  @Post('pairings/:pairingId/end') @HttpCode(200) @Roles('program-manager', 'admin', 'mentor', 'mentee') @ProgramScope('pairing')
  @ApiOperation({ summary: 'End a pairing early, with a reason' }) @ApiOkResponse({ type: PairingView })
  end(@Param('pairingId', UuidParam) id: string, @Body() body: EndEarlyDto, @RequestContext() c: CommandContext, @ManagesProgram() manages: boolean) {
    return this.change(id, 'member-or-manager', c, manages, { type: 'EndPairingEarly', reason: body.reason });
  }

  private async change(pairingId: string, who: PairingActor, context: CommandContext, manages: boolean, command: PairingChange) {
    await this.commands.execute(new ChangePairingCommand(pairingId, command, who, context, manages));
    return this.view(context, pairingId, manages);
  }

  /** The pairing, for its mentor, its mentee or a manager of its program; anyone else is told it does not exist. */
  private async view(context: CommandContext, pairingId: string, managesProgram: boolean): Promise<PairingView> {
    return toPairingView(await readablePairing(this.db, context, pairingId, managesProgram));
  }
}
