import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, PageOf, PageQuery, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { KUDOS_CATEGORIES, KUDOS_INTERVAL_DAYS, KUDOS_MESSAGE_MAX, type KudosCategory } from '@tandem/recognition-domain';
import { GiveKudosCommand, ShareKudosCommand } from './kudos.commands';
import { findKudos, kudosPage, type KudosRow } from './kudos.queries';

export class GiveKudosDto {
  @ApiProperty({ example: 'auth0|mentor-ada', description: 'Your mentor in this program (their user id)' })
  @IsString()
  @Length(1, 255)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'mentorId must be a user id without control characters' })
  mentorId: string;
  @ApiProperty({ enum: KUDOS_CATEGORIES }) @IsIn(KUDOS_CATEGORIES) category: KudosCategory;
  @ApiProperty({ example: 'Thanks for the honest advice before my review', maxLength: KUDOS_MESSAGE_MAX, description: 'Private to your mentor unless they share it on the wall' })
  @IsString()
  @Length(1, KUDOS_MESSAGE_MAX)
  @Matches(/\S/, { message: 'message must not be blank' })
  message: string;
}

export class ShareKudosDto {
  @ApiProperty({ description: 'true: show these kudos (message included) on the recognition wall, with your consent in the program; false: take them off' })
  @IsBoolean()
  shared: boolean;
}

export class KudosView {
  @ApiProperty() programId: string;
  @ApiProperty() kudosId: string;
  @ApiProperty() mentorId: string;
  @ApiProperty() menteeId: string;
  @ApiProperty({ enum: KUDOS_CATEGORIES }) category: string;
  @ApiProperty() message: string;
  @ApiProperty() shared: boolean;
  @ApiProperty() givenAt: string;
}
const KudosPage = PageOf(KudosView);

export class MyKudosQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['received', 'given'], default: 'received' }) @IsOptional() @IsIn(['received', 'given']) direction?: 'received' | 'given';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
  @ApiPropertyOptional({ enum: KUDOS_CATEGORIES }) @IsOptional() @IsIn(KUDOS_CATEGORIES) category?: string;
}

@ApiTags('kudos')
@ApiBearerAuth()
@Controller()
export class KudosController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post('programs/:programId/kudos')
  @Roles('mentee')
  @ApiOperation({ summary: `Give your mentor kudos: a category and a short message (one per mentor every ${KUDOS_INTERVAL_DAYS} days); counts as their kudosReceived fact` })
  @ApiCreatedResponse({ type: KudosView })
  @ApiForbiddenResponse({ description: '`kudos.not_your_mentor`: no pairing with that mentor in the program' })
  @ApiConflictResponse({ description: '`kudos.too_soon` (with `nextAllowedAt`)' })
  async give(@Param('programId', UuidParam) programId: string, @Body() body: GiveKudosDto, @RequestContext() context: CommandContext): Promise<KudosRow> {
    const kudosId = context.idempotencyKey ? deterministicId(context.tenantId, 'kudos', context.idempotencyKey) : newId();
    const command = { type: 'GiveKudos' as const, programId, kudosId, mentorId: body.mentorId, menteeId: context.actor.id, category: body.category, message: body.message, at: this.clock.now().toISOString() };
    await this.commands.execute(new GiveKudosCommand(command, context));
    return this.found(context.tenantId, programId, kudosId);
  }

  @Post('programs/:programId/kudos/:kudosId/share')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: 'Share kudos you received on the recognition wall (shown only with your consent in the program), or take them off' })
  @ApiOkResponse({ type: KudosView })
  @ApiNotFoundResponse({ description: '`kudos.not_found`' })
  @ApiForbiddenResponse({ description: '`kudos.not_yours`' })
  async share(
    @Param('programId', UuidParam) programId: string,
    @Param('kudosId', UuidParam) kudosId: string,
    @Body() body: ShareKudosDto,
    @RequestContext() context: CommandContext,
  ): Promise<KudosRow> {
    const kudos = await this.found(context.tenantId, programId, kudosId);
    const command = { type: 'ShareKudos' as const, kudosId, shared: body.shared, by: context.actor.id, at: this.clock.now().toISOString() };
    await this.commands.execute(new ShareKudosCommand(programId, kudos.menteeId, kudos.mentorId, command, context));
    return this.found(context.tenantId, programId, kudosId);
  }

  @Get('me/kudos')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Kudos you received (mentors, messages included) or gave, newest first; filter by program and category' })
  @ApiOkResponse({ type: KudosPage })
  mine(@Query() query: MyKudosQuery, @RequestContext() context: CommandContext): Promise<Page<KudosRow>> {
    const me = context.actor.id;
    const who = query.direction === 'given' ? { menteeId: me } : { mentorId: me };
    return kudosPage(this.db, context.tenantId, { ...who, programId: query.programId, category: query.category }, query);
  }

  private async found(tenantId: string, programId: string, kudosId: string): Promise<KudosRow> {
    const kudos = await findKudos(this.db, tenantId, programId, kudosId);
    if (!kudos) throw new NotFoundError('Kudos not found', 'kudos.not_found');
    return kudos;
  }
}
