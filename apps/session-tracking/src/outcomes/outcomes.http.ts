import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, ManagesProgram, type Page, PageOf, PageQuery, ProgramScope, RequestContext, Roles, IsCalendarDate, UuidParam } from '@tandem/platform';
import { OUTCOME_KINDS, SIDES, type OutcomeKind, type Side } from '@tandem/session-tracking-domain';
import { PairAccess, userIdOf, type PairingRow } from '../pairings/pairings.queries';
import { requireProgram } from '../program-policies/program-policies.queries';
import { PairingRead } from '../shared/pairing-read';
import { RunOutcomeCommand } from './outcomes.commands';
import { findOutcome, outcomesPage } from './outcomes.queries';

const OUTCOME_STATUSES = ['reported', 'verified', 'rejected'] as const;

export class ReportOutcomeDto {
  @ApiProperty({ enum: OUTCOME_KINDS })
  @IsIn(OUTCOME_KINDS)
  kind: OutcomeKind;

  @ApiProperty({ example: 'Promoted to senior engineer' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ description: 'Evidence for the program manager; never published' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: '2027-03-01' })
  @IsCalendarDate()
  achievedOn: string;

  @ApiPropertyOptional({ enum: SIDES, default: 'mentee', description: 'Whose outcome it is' })
  @IsOptional() @IsIn(SIDES)
  beneficiary?: Side;
}

export class RejectOutcomeDto {
  @ApiProperty({ example: 'No evidence of the certification yet' })
  @IsString() @Length(1, 1000)
  reason: string;
}

export class OutcomeListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTCOME_STATUSES, description: '`reported`: awaiting verification' })
  @IsOptional() @IsIn(OUTCOME_STATUSES)
  status?: (typeof OUTCOME_STATUSES)[number];

  @ApiPropertyOptional({ enum: OUTCOME_KINDS })
  @IsOptional() @IsIn(OUTCOME_KINDS)
  kind?: OutcomeKind;
}

export class OutcomeView {
  @ApiProperty() outcomeId: string;
  @ApiProperty() pairingId: string;
  @ApiProperty() programId: string;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() achievedOn: string;
  @ApiProperty() beneficiaryUserId: string;
  @ApiProperty({ enum: SIDES }) beneficiaryRole: string;
  @ApiProperty({ enum: SIDES }) reportedBy: string;
  @ApiProperty() reportedAt: string;
  @ApiProperty({ enum: OUTCOME_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
}

const OutcomePage = PageOf(OutcomeView);

@ApiTags('outcomes')
@ApiBearerAuth()
@Controller()
export class OutcomesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly access: PairAccess,
    private readonly clock: Clock,
  ) {}

  @Post('pairings/:pairingId/outcomes')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Report an outcome (promotion, project completion, skill attainment, certification) for verification' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: OutcomeView })
  @ApiBadRequestResponse({ description: 'Invalid fields, or achieved in the future' })
  @ApiForbiddenResponse({ description: "Not the pairing's mentor or mentee" })
  @ApiNotFoundResponse({ description: 'No such pairing' })
  @ApiConflictResponse({ description: 'The pairing is paused or has ended' })
  async report(@Param('pairingId', UuidParam) pairingId: string, @Body() body: ReportOutcomeDto, @RequestContext() context: CommandContext): Promise<OutcomeView> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const outcomeId = context.idempotencyKey ? deterministicId(context.tenantId, 'outcome', context.idempotencyKey) : newId();
    const role = body.beneficiary ?? 'mentee';
    await this.commands.execute(
      new RunOutcomeCommand(
        {
          type: 'ReportOutcome', outcomeId, pairingId, programId: pairing.programId, kind: body.kind, title: body.title, description: body.description ?? '',
          achievedOn: body.achievedOn, beneficiary: { userId: userIdOf(pairing, role), role }, by: actor, at: this.clock.now().toISOString(),
        },
        context,
        pairing,
      ),
    );
    return this.get(context.tenantId, outcomeId);
  }

  @Get('pairings/:pairingId/outcomes')
  @PairingRead("A pairing's outcomes and their verification", OutcomePage)
  async forPairing(
    @Param('pairingId', UuidParam) pairingId: string,
    @Query() query: OutcomeListQuery,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ): Promise<Page<OutcomeView>> {
    await this.access.reader(context, pairingId, manages);
    return this.list(context.tenantId, 'pairing_id', pairingId, query);
  }

  @Get('programs/:programId/outcomes')
  @ProgramScope('program')
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: "A program's outcomes; `status=reported` lists those awaiting verification (oldest first)" })
  @ApiOkResponse({ type: OutcomePage })
  async forProgram(@Param('programId', UuidParam) programId: string, @Query() query: OutcomeListQuery, @RequestContext() context: CommandContext): Promise<Page<OutcomeView>> {
    await requireProgram(this.db, context.tenantId, programId);
    return this.list(context.tenantId, 'program_id', programId, query);
  }

  @Post('outcomes/:outcomeId/verify')
  @ProgramScope('outcome')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Verify a reported outcome: it then counts and OutcomeVerified is published' })
  @ApiOkResponse({ type: OutcomeView })
  @ApiForbiddenResponse({ description: 'Your own outcome' })
  @ApiNotFoundResponse({ description: 'No such outcome' })
  @ApiConflictResponse({ description: 'Already verified or rejected' })
  async verify(@Param('outcomeId', UuidParam) outcomeId: string, @RequestContext() context: CommandContext): Promise<OutcomeView> {
    const pairing = await this.pairingOf(context.tenantId, outcomeId);
    await this.commands.execute(new RunOutcomeCommand({ type: 'VerifyOutcome', outcomeId, by: context.actor.id, at: this.clock.now().toISOString() }, context, pairing));
    return this.get(context.tenantId, outcomeId);
  }

  @Post('outcomes/:outcomeId/reject')
  @ProgramScope('outcome')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: 'Reject a reported outcome with a reason (nothing is published)' })
  @ApiOkResponse({ type: OutcomeView })
  @ApiNotFoundResponse({ description: 'No such outcome' })
  @ApiConflictResponse({ description: 'Already verified or rejected' })
  async reject(@Param('outcomeId', UuidParam) outcomeId: string, @Body() body: RejectOutcomeDto, @RequestContext() context: CommandContext): Promise<OutcomeView> {
    const pairing = await this.pairingOf(context.tenantId, outcomeId);
    await this.commands.execute(
      new RunOutcomeCommand({ type: 'RejectOutcome', outcomeId, reason: body.reason, by: context.actor.id, at: this.clock.now().toISOString() }, context, pairing),
    );
    return this.get(context.tenantId, outcomeId);
  }

  private list(tenantId: string, column: 'pairing_id' | 'program_id', id: string, query: OutcomeListQuery) {
    return outcomesPage(this.db, tenantId, column, id, query);
  }

  private async pairingOf(tenantId: string, outcomeId: string): Promise<PairingRow> {
    return this.access.pairing(tenantId, (await this.get(tenantId, outcomeId)).pairingId);
  }

  private get(tenantId: string, outcomeId: string): Promise<OutcomeView> {
    return findOutcome(this.db, tenantId, outcomeId);
  }
}
