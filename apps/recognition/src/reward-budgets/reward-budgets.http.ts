import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { Clock, PathParamPipe, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { BUDGET_PERIOD } from '@tandem/recognition-domain';
import { requireProgram } from '../programs/programs.queries';
import { ChangeBudgetCommand } from './reward-budgets.commands';
import { budgetWithLedger, programBudgets, type BudgetEntryRow, type BudgetRow } from './reward-budgets.queries';

class PeriodParamPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return BUDGET_PERIOD.test(value) ? undefined : 'must be a budget period: a year (2027), a quarter (2027-Q1) or a month (2027-01)';
  }
}
const PeriodParam = new PeriodParamPipe();

const MAX_AMOUNT = 1_000_000_000_000;

export class AllocateBudgetDto {
  @ApiProperty({ example: 500000, description: 'Integer minor units (500000 = 5,000.00 EUR)' }) @IsInt() @Min(1) @Max(MAX_AMOUNT) amountMinor: number;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code; every allocation of a period is in one currency' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency: string;
  @ApiPropertyOptional({ example: 'Q1 recognition budget' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class CorrectBudgetDto {
  @ApiProperty({ example: -20000, description: 'Signed integer minor units: negative lowers the allocation (never below what is reserved and spent)' })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_AMOUNT)
  @Max(MAX_AMOUNT)
  amountMinor: number;
  @ApiProperty({ example: 'Finance cut the Q1 envelope' }) @IsString() @Length(1, 500) reason: string;
}

export class BudgetView {
  @ApiProperty() programId: string;
  @ApiProperty({ example: '2027-Q1' }) period: string;
  @ApiProperty() currency: string;
  @ApiProperty() allocatedMinor: number;
  @ApiProperty({ description: 'Held by requests not yet fulfilled, rejected or cancelled' }) reservedMinor: number;
  @ApiProperty({ description: 'Captured by fulfilled rewards' }) spentMinor: number;
  @ApiProperty({ description: 'allocated − reserved − spent (never negative)' }) remainingMinor: number;
  @ApiProperty() updatedAt: string;
}

export class BudgetEntryView {
  @ApiProperty({ enum: ['allocation', 'correction', 'reservation', 'capture', 'release'] }) entry: string;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty() amountMinor: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
}

export class BudgetLedgerView extends BudgetView {
  @ApiProperty({ type: [BudgetEntryView] }) entries: BudgetEntryView[];
}

@ApiTags('rewards')
@ApiBearerAuth()
@Controller('programs/:programId/reward-budgets')
export class RewardBudgetsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "The program's budget position per period: allocated, reserved, spent, remaining" })
  @ApiOkResponse({ type: [BudgetView] })
  async list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<BudgetRow[]> {
    await requireProgram(this.db, context.tenantId, programId);
    return programBudgets(this.db, context.tenantId, programId);
  }

  @Get(':period')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "One period's position and its whole ledger (allocations, corrections, reservations, captures, releases)" })
  @ApiOkResponse({ type: BudgetLedgerView })
  @ApiNotFoundResponse({ description: '`reward.budget_not_found`' })
  ledger(@Param('programId', UuidParam) programId: string, @Param('period', PeriodParam) period: string, @RequestContext() context: CommandContext): Promise<BudgetRow & { entries: BudgetEntryRow[] }> {
    return budgetWithLedger(this.db, context.tenantId, programId, period);
  }

  @Post(':period/allocations')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Allocate budget to a period (the first allocation opens it, in its currency)' })
  @ApiCreatedResponse({ type: BudgetLedgerView })
  @ApiConflictResponse({ description: '`reward.currency_mismatch`' })
  async allocate(
    @Param('programId', UuidParam) programId: string,
    @Param('period', PeriodParam) period: string,
    @Body() body: AllocateBudgetDto,
    @RequestContext() context: CommandContext,
  ): Promise<BudgetRow & { entries: BudgetEntryRow[] }> {
    const command = { type: 'Allocate' as const, programId, period, amountMinor: body.amountMinor, currency: body.currency, note: body.note ?? '', at: this.clock.now().toISOString(), by: context.actor.id };
    await this.commands.execute(new ChangeBudgetCommand(programId, period, command, context));
    return budgetWithLedger(this.db, context.tenantId, programId, period);
  }

  @Post(':period/corrections')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Correct a period’s allocation with a new signed entry (the ledger is never edited)' })
  @ApiCreatedResponse({ type: BudgetLedgerView })
  @ApiNotFoundResponse({ description: '`reward.budget_not_found`' })
  @ApiConflictResponse({ description: '`reward.budget_overcommitted`: less would be left than is reserved and spent' })
  async correct(
    @Param('programId', UuidParam) programId: string,
    @Param('period', PeriodParam) period: string,
    @Body() body: CorrectBudgetDto,
    @RequestContext() context: CommandContext,
  ): Promise<BudgetRow & { entries: BudgetEntryRow[] }> {
    const command = { type: 'Correct' as const, amountMinor: body.amountMinor, reason: body.reason, at: this.clock.now().toISOString(), by: context.actor.id };
    await this.commands.execute(new ChangeBudgetCommand(programId, period, command, context));
    return budgetWithLedger(this.db, context.tenantId, programId, period);
  }
}
