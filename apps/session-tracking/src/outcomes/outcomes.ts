import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
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
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Database, deterministicId, EventStore, executeCommand, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, ManagesProgram, type Page, PageOf, PageQuery, ProgramScope, RequestContext, Roles, IsCalendarDate, pageOf, UuidParam } from '@tandem/platform';
import { OutcomeVerified } from '@tandem/session-tracking-contracts';
import { OUTCOME_KINDS, outcomeDecider, outcomeStreamId, SIDES, type OutcomeCommand, type OutcomeKind, type Side } from '@tandem/session-tracking-domain';
import { PairAccess, userIdOf, type PairingRow, requireProgram } from '../pairings/pairings';
import { Outbox } from '../shared/outbox';
import { PairingRead } from '../pairings/pairing-read';

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


interface OutcomeRow extends Omit<OutcomeView, 'reportedAt' | 'decidedAt'> {
  reportedAt: Date;
  decidedAt: Date | null;
}
const OUTCOME_COLUMNS = `outcome_id AS "outcomeId", pairing_id AS "pairingId", program_id AS "programId", kind, title, description,
  achieved_on::text AS "achievedOn", beneficiary_user_id AS "beneficiaryUserId", beneficiary_role AS "beneficiaryRole", reported_by AS "reportedBy",
  reported_at AS "reportedAt", status, decided_by AS "decidedBy", decided_at AS "decidedAt", rejection_reason AS "rejectionReason"`;
const toView = (r: OutcomeRow): OutcomeView => ({ ...r, reportedAt: r.reportedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null });

export class RunOutcomeCommand {
  constructor(
    readonly command: OutcomeCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

/** Outcomes through the pipeline; only a verification is published (OutcomeVerified). */
@CommandHandler(RunOutcomeCommand)
export class RunOutcomeCommandHandler implements ICommandHandler<RunOutcomeCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ command, context, pairing }: RunOutcomeCommand): Promise<void> {
    await executeCommand(this.store, outcomeDecider, {
      streamId: outcomeStreamId(command.outcomeId),
      command,
      context,
      publish: (decided, state) =>
        decided.flatMap(({ event, eventId, metadata }) => {
          if (event.type !== 'OutcomeVerified' || !state.exists) return [];
          return [
            this.outbox.message(OutcomeVerified, {
              tenantId: context.tenantId, programId: state.programId, pairingId: state.pairingId, mentorUserId: pairing.mentorUserId,
              menteeUserId: pairing.menteeUserId, outcomeId: state.outcomeId, kind: state.kind, achievedOn: state.achievedOn,
              beneficiaryUserId: state.beneficiary.userId, beneficiaryRole: state.beneficiary.role, reportedAt: state.reportedAt,
              verifiedBy: event.data.by, verifiedAt: event.data.at,
            }, { eventId, metadata }),
          ];
        }),
      project: async (decided, state, tx) => {
        if (!state.exists) return;
        const rejection = decided.find((d) => d.event.type === 'OutcomeRejected')?.event.data as { reason: string } | undefined;
        await tx.query(
          `INSERT INTO session_tracking.outcomes
             (tenant_id, outcome_id, pairing_id, program_id, kind, title, description, achieved_on, beneficiary_user_id, beneficiary_role,
              reported_by, reported_at, status, decided_by, decided_at, rejection_reason, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
           ON CONFLICT (tenant_id, outcome_id) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,
             decided_at = EXCLUDED.decided_at, rejection_reason = EXCLUDED.rejection_reason, updated_at = EXCLUDED.updated_at`,
          [
            context.tenantId, state.outcomeId, state.pairingId, state.programId, state.kind, state.title, state.description, state.achievedOn,
            state.beneficiary.userId, state.beneficiary.role, state.reportedBy.side, state.reportedAt, state.status, state.decidedBy, state.decidedAt,
            rejection?.reason ?? null, command.at,
          ],
        );
      },
    });
  }
}

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
    const params: unknown[] = [tenantId, id];
    const where = ['tenant_id = $1', `${column} = $2`];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    return pageOf<OutcomeRow, OutcomeView>(
      this.db,
      { select: OUTCOME_COLUMNS, from: `FROM session_tracking.outcomes WHERE ${where.join(' AND ')}`, params, orderBy: 'reported_at, outcome_id' },
      query,
      toView,
    );
  }

  private async pairingOf(tenantId: string, outcomeId: string): Promise<PairingRow> {
    return this.access.pairing(tenantId, (await this.get(tenantId, outcomeId)).pairingId);
  }

  private async get(tenantId: string, outcomeId: string): Promise<OutcomeView> {
    const { rows } = await this.db.query<OutcomeRow>(`SELECT ${OUTCOME_COLUMNS} FROM session_tracking.outcomes WHERE tenant_id = $1 AND outcome_id = $2`, [tenantId, outcomeId]);
    if (!rows[0]) throw new NotFoundError(`Outcome ${outcomeId} not found`, 'outcome.not_found');
    return toView(rows[0]);
  }
}
