import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { Clock, ManagesProgram, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { REWARD_KINDS } from '@tandem/recognition-contracts';
import type { RewardRequestStatus } from '@tandem/recognition-domain';
import { DecideRewardRequestCommand, GiveRewardFeedbackCommand, RequestRewardCommand, type RequestDecision } from './reward-requests.commands';
import { findRequest, requestsPage, type RewardRequestRow } from './reward-requests.queries';

const STATUSES: RewardRequestStatus[] = ['requested', 'awaiting-second-approval', 'approved', 'rejected', 'fulfilled', 'cancelled'];

export class RequestRewardDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() rewardId: string;
}

export class RejectRequestDto {
  @ApiProperty({ example: 'The conference budget goes to first-time mentors this quarter' }) @IsString() @Length(1, 1000) reason: string;
}

export class CancelRequestDto {
  @ApiPropertyOptional({ example: 'The workshop was moved to next year' }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class RewardFeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) @IsInt() @Min(1) @Max(5) satisfaction: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: 'How relevant the reward was to you' }) @IsInt() @Min(1) @Max(5) relevance: number;
  @ApiPropertyOptional({ example: 'Great talks; the travel was tiring', description: 'Private: seen by you and the program managers, never published' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RequestQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: RewardRequestStatus;
}

export class MyRequestsQuery extends RequestQueueQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
}

class FeedbackView {
  @ApiProperty() satisfaction: number;
  @ApiProperty() relevance: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() givenAt: string;
}

export class RewardRequestView {
  @ApiProperty() programId: string;
  @ApiProperty() requestId: string;
  @ApiProperty() rewardId: string;
  @ApiProperty() rewardName: string;
  @ApiProperty({ enum: REWARD_KINDS }) kind: string;
  @ApiProperty() mentorId: string;
  @ApiProperty() costMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'The budget period its cost is reserved on' }) period: string;
  @ApiProperty({ description: 'Remuneration: a tenant admin approves after the manager' }) secondApprovalRequired: boolean;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ type: [String] }) approvers: string[];
  @ApiProperty({ nullable: true, type: String, description: "A rejection's or cancellation's reason" }) reason: string | null;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) fulfilledAt: string | null;
  @ApiProperty({ nullable: true, type: FeedbackView }) feedback: FeedbackView | null;
}
const RequestPage = PageOf(RewardRequestView);

@ApiTags('rewards')
@ApiBearerAuth()
@Controller()
export class RewardRequestsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post('programs/:programId/reward-requests')
  @Roles('mentor')
  @ApiOperation({ summary: "Request a reward you are eligible for: its cost is reserved on the program's budget for the current period, one unit of its stock held" })
  @ApiCreatedResponse({ type: RewardRequestView })
  @ApiForbiddenResponse({ description: '`reward.not_a_mentor`: not an approved mentor of the program' })
  @ApiConflictResponse({ description: '`reward.budget_exhausted`, `reward.out_of_stock`, `reward.no_budget`, `reward.not_eligible`, `reward.retired`, `reward.currency_mismatch`' })
  async request(@Param('programId', UuidParam) programId: string, @Body() body: RequestRewardDto, @RequestContext() context: CommandContext): Promise<RewardRequestRow> {
    const requestId = context.idempotencyKey ? deterministicId(context.tenantId, 'reward-request', context.idempotencyKey) : newId();
    await this.commands.execute(new RequestRewardCommand(programId, body.rewardId, requestId, this.clock.now().toISOString(), context));
    return findRequest(this.db, context.tenantId, programId, requestId);
  }

  @Get('programs/:programId/reward-requests')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "The program's reward requests, oldest first (the queue: `?status=requested`)" })
  @ApiOkResponse({ type: RequestPage })
  queue(@Param('programId', UuidParam) programId: string, @Query() query: RequestQueueQuery, @RequestContext() context: CommandContext): Promise<Page<RewardRequestRow>> {
    return requestsPage(this.db, context.tenantId, { programId, status: query.status }, query);
  }

  @Post('programs/:programId/reward-requests/:requestId/approve')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Approve a request (remuneration: the manager, then a tenant admin other than the first approver)' })
  @ApiOkResponse({ type: RewardRequestView })
  @ApiNotFoundResponse({ description: '`reward.request_not_found`' })
  @ApiConflictResponse({ description: '`reward.not_pending`, `reward.same_approver`' })
  approve(@Param('programId', UuidParam) programId: string, @Param('requestId', UuidParam) requestId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean) {
    return this.decide(programId, requestId, 'approve', '', manages, context);
  }

  @Post('programs/:programId/reward-requests/:requestId/reject')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Reject a request with a reason (kept in recognition); its budget reservation and stock are released' })
  @ApiOkResponse({ type: RewardRequestView })
  @ApiNotFoundResponse({ description: '`reward.request_not_found`' })
  @ApiConflictResponse({ description: '`reward.not_pending`' })
  reject(
    @Param('programId', UuidParam) programId: string,
    @Param('requestId', UuidParam) requestId: string,
    @Body() body: RejectRequestDto,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ) {
    return this.decide(programId, requestId, 'reject', body.reason, manages, context);
  }

  @Post('programs/:programId/reward-requests/:requestId/fulfil')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Mark an approved reward as given: its reservation is captured as spend' })
  @ApiOkResponse({ type: RewardRequestView })
  @ApiNotFoundResponse({ description: '`reward.request_not_found`' })
  @ApiConflictResponse({ description: '`reward.not_approved`' })
  fulfil(@Param('programId', UuidParam) programId: string, @Param('requestId', UuidParam) requestId: string, @RequestContext() context: CommandContext, @ManagesProgram() manages: boolean) {
    return this.decide(programId, requestId, 'fulfil', '', manages, context);
  }

  @Post('programs/:programId/reward-requests/:requestId/cancel')
  @HttpCode(200)
  @Roles('program-manager', 'admin', 'mentor')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Cancel a request before it is fulfilled (its mentor or a manager); its reservation and stock are released' })
  @ApiOkResponse({ type: RewardRequestView })
  @ApiNotFoundResponse({ description: '`reward.request_not_found`' })
  @ApiConflictResponse({ description: '`reward.not_cancellable`' })
  cancel(
    @Param('programId', UuidParam) programId: string,
    @Param('requestId', UuidParam) requestId: string,
    @Body() body: CancelRequestDto,
    @RequestContext() context: CommandContext,
    @ManagesProgram() manages: boolean,
  ) {
    return this.decide(programId, requestId, 'cancel', body.reason ?? '', manages, context);
  }

  @Post('programs/:programId/reward-requests/:requestId/feedback')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: 'Rate a fulfilled reward once: satisfaction and relevance 1–5, an optional private comment' })
  @ApiOkResponse({ type: RewardRequestView })
  @ApiNotFoundResponse({ description: '`reward.request_not_found`' })
  @ApiConflictResponse({ description: '`reward.not_fulfilled`, `reward.feedback_given`' })
  async feedback(
    @Param('programId', UuidParam) programId: string,
    @Param('requestId', UuidParam) requestId: string,
    @Body() body: RewardFeedbackDto,
    @RequestContext() context: CommandContext,
  ): Promise<RewardRequestRow> {
    const feedback = { satisfaction: body.satisfaction, relevance: body.relevance, comment: body.comment ?? null };
    await this.commands.execute(new GiveRewardFeedbackCommand(programId, requestId, feedback, this.clock.now().toISOString(), context));
    return findRequest(this.db, context.tenantId, programId, requestId);
  }

  @Get('me/reward-requests')
  @Roles('mentor')
  @ApiOperation({ summary: "The caller's reward requests across their programs, newest first, with their feedback" })
  @ApiOkResponse({ type: RequestPage })
  mine(@Query() query: MyRequestsQuery, @RequestContext() context: CommandContext): Promise<Page<RewardRequestRow>> {
    return requestsPage(this.db, context.tenantId, { mentorId: context.actor.id, programId: query.programId, status: query.status }, query);
  }

  private async decide(programId: string, requestId: string, decision: RequestDecision, reason: string, manages: boolean, context: CommandContext): Promise<RewardRequestRow> {
    await this.commands.execute(new DecideRewardRequestCommand(programId, requestId, decision, reason, this.clock.now().toISOString(), manages, context));
    return findRequest(this.db, context.tenantId, programId, requestId);
  }
}
