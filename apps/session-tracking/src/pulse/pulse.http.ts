import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Database, type CommandContext } from '@tandem/event-store';
import { Clock, ProgramScope, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { monthOf, netPromoterScore, npsCategory } from '@tandem/session-tracking-domain';
import { PairAccess } from '../pairings/pairings.queries';
import { requireProgram } from '../program-policies/program-policies.queries';
import { AnswerPulseCommand } from './pulse.commands';
import { pulseAnswerOf, pulseScores } from './pulse.queries';

export class PulseDto {
  @ApiProperty({ minimum: 0, maximum: 10, example: 9, description: 'How likely are you to recommend this mentoring program to a colleague?' })
  @IsInt() @Min(0) @Max(10)
  score: number;

  @ApiPropertyOptional({ description: 'Visible to you and program managers; never published' })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}

export class PulseAnswerView {
  @ApiProperty() pairingId: string;
  @ApiProperty({ example: '2027-03' }) period: string;
  @ApiProperty({ enum: ['mentor', 'mentee'] }) role: string;
  @ApiProperty() score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() answeredAt: string;
}

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2027-03', description: 'Calendar month; the current one when absent' })
  @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month such as 2027-03' })
  period?: string;
}

export class NpsView {
  @ApiProperty() programId: string;
  @ApiProperty() period: string;
  @ApiProperty() responses: number;
  @ApiProperty() promoters: number;
  @ApiProperty() passives: number;
  @ApiProperty() detractors: number;
  @ApiProperty({ nullable: true, type: Number, description: '% promoters − % detractors (−100…100); null without answers' }) nps: number | null;
}

/** The monthly pulse survey: one NPS answer per side and month; the program's NPS for program managers. */
@ApiTags('feedback')
@ApiBearerAuth()
@Controller()
export class PulseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Database,
    private readonly access: PairAccess,
    private readonly clock: Clock,
  ) {}

  @Post('pairings/:pairingId/pulse')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: "Answer this month's pulse survey of your pairing (once per side and month)" })
  @ApiCreatedResponse({ type: PulseAnswerView })
  @ApiNotFoundResponse({ description: 'No such pairing' })
  @ApiConflictResponse({ description: 'Already answered this month, or the pairing is paused or has ended' })
  async answer(@Param('pairingId', UuidParam) pairingId: string, @Body() body: PulseDto, @RequestContext() context: CommandContext): Promise<PulseAnswerView> {
    const { pairing, actor } = await this.access.member(context, pairingId, 'active');
    const at = this.clock.now().toISOString();
    await this.commands.execute(new AnswerPulseCommand(context, pairing, actor, { score: body.score, comment: body.comment ?? null }, at));
    const answer = await pulseAnswerOf(this.db, context.tenantId, pairingId, monthOf(at), actor.side);
    return { ...answer, answeredAt: new Date(answer.answeredAt).toISOString() };
  }

  @Get('programs/:programId/pulse')
  @ProgramScope('program')
  @ApiNotFoundResponse({ description: 'No such program' })
  @Roles('program-manager', 'admin')
  @ApiOperation({ summary: "The program's Net Promoter Score for a month, from its pairings' pulse answers" })
  @ApiOkResponse({ type: NpsView })
  async nps(@Param('programId', UuidParam) programId: string, @Query() query: PeriodQuery, @RequestContext() context: CommandContext): Promise<NpsView> {
    await requireProgram(this.db, context.tenantId, programId);
    const period = query.period ?? monthOf(this.clock.now().toISOString());
    const scores = await pulseScores(this.db, context.tenantId, programId, period);
    const count = (c: string) => scores.filter((s) => npsCategory(s) === c).length;
    return {
      programId, period, responses: scores.length, promoters: count('promoter'), passives: count('passive'), detractors: count('detractor'),
      nps: netPromoterScore(scores),
    };
  }
}
