import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { Database, deterministicId, newId, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, PageOf, PageQuery, ProgramScope, RequestContext, Roles, UuidParam, type Page } from '@tandem/platform';
import { BADGE_TIERS } from '@tandem/recognition-contracts';
import { CITATION_MAX, GRANT_TITLE_MAX, type BadgeTier } from '@tandem/recognition-domain';
import { ChangeGrantCommand } from './grants.commands';
import { catalogueBadge, findGrant, grantsPage, type GrantRow } from './grants.queries';

const NOT_BLANK = /\S/;

export class GrantDto {
  @ApiProperty({ example: 'auth0|mentor-ada', description: 'A participant of the program (their user id)' })
  @IsString()
  @Length(1, 255)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'personId must be a user id without control characters' })
  personId: string;
  @ApiPropertyOptional({ example: 'champion', description: 'A badge of the program to grant; omit it to grant a custom recognition named by `title`' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'badgeId must be a badge id (lowercase letters, digits and dashes, at most 64)' })
  badgeId?: string;
  @ApiPropertyOptional({ example: 'Onboarding hero', description: 'Required for a custom recognition (no badgeId); private like the citation' })
  @ValidateIf((o: GrantDto) => o.badgeId === undefined || o.title !== undefined)
  @IsString()
  @Length(1, GRANT_TITLE_MAX)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;
  @ApiProperty({ example: 'Rebuilt the onboarding guide for every new mentor', maxLength: CITATION_MAX, description: 'Why: private to the person and the managers, on the wall only with the person\'s consent' })
  @IsString()
  @Length(1, CITATION_MAX)
  @Matches(NOT_BLANK, { message: 'citation must not be blank' })
  citation: string;
}

export class RevokeGrantDto {
  @ApiProperty({ example: 'Granted to the wrong person' }) @IsString() @Length(1, 1000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) reason: string;
}

export class GrantView {
  @ApiProperty() programId: string;
  @ApiProperty() grantId: string;
  @ApiProperty() personId: string;
  @ApiProperty({ enum: ['badge', 'custom'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) badgeId: string | null;
  @ApiProperty({ enum: BADGE_TIERS }) tier: string;
  @ApiProperty() title: string;
  @ApiProperty() citation: string;
  @ApiProperty({ enum: ['granted', 'revoked'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) revokeReason: string | null;
  @ApiProperty() grantedAt: string;
  @ApiProperty() grantedBy: string;
}
const GrantPage = PageOf(GrantView);

export class GrantListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 255) personId?: string;
  @ApiPropertyOptional({ enum: ['badge', 'custom'] }) @IsOptional() @IsIn(['badge', 'custom']) kind?: string;
  @ApiPropertyOptional({ enum: ['granted', 'revoked'] }) @IsOptional() @IsIn(['granted', 'revoked']) status?: string;
}

export class MyGrantsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
}

@ApiTags('grants')
@ApiBearerAuth()
@Controller()
export class GrantsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Post('programs/:programId/grants')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Grant a participant a badge of the program or a custom recognition, with a citation (RecognitionGranted, without the citation)' })
  @ApiCreatedResponse({ type: GrantView })
  @ApiNotFoundResponse({ description: '`badge.not_found`, `recognition.unknown_person`' })
  async grant(@Param('programId', UuidParam) programId: string, @Body() body: GrantDto, @RequestContext() context: CommandContext): Promise<GrantRow> {
    const { tenantId } = context;
    const grantId = context.idempotencyKey ? deterministicId(tenantId, 'grant', context.idempotencyKey) : newId();
    let spec = { grantId, personId: body.personId, kind: 'custom' as 'badge' | 'custom', badgeId: null as string | null, tier: null as BadgeTier | null, title: body.title ?? '', citation: body.citation };
    if (body.badgeId !== undefined) {
      const badge = await catalogueBadge(this.db, tenantId, programId, body.badgeId);
      if (!badge) throw new NotFoundError(`Badge ${body.badgeId} not found in this program`, 'badge.not_found');
      spec = { ...spec, kind: 'badge', badgeId: body.badgeId, tier: badge.tier as BadgeTier, title: body.title ?? badge.name };
    }
    await this.commands.execute(new ChangeGrantCommand(programId, grantId, { type: 'GrantRecognition', programId, grant: spec, at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.found(tenantId, programId, grantId);
  }

  @Get('programs/:programId/grants')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: "The program's manual recognitions, newest first; filter by person, kind, status" })
  @ApiOkResponse({ type: GrantPage })
  list(@Param('programId', UuidParam) programId: string, @Query() query: GrantListQuery, @RequestContext() context: CommandContext): Promise<Page<GrantRow>> {
    return grantsPage(this.db, context.tenantId, { programId, personId: query.personId, kind: query.kind, status: query.status }, query);
  }

  @Post('programs/:programId/grants/:grantId/revoke')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiOperation({ summary: 'Revoke a manual recognition with a reason (RecognitionGrantRevoked, without the reason)' })
  @ApiOkResponse({ type: GrantView })
  @ApiNotFoundResponse({ description: '`grant.not_found`' })
  @ApiConflictResponse({ description: '`grant.revoked`' })
  async revoke(
    @Param('programId', UuidParam) programId: string,
    @Param('grantId', UuidParam) grantId: string,
    @Body() body: RevokeGrantDto,
    @RequestContext() context: CommandContext,
  ): Promise<GrantRow> {
    await this.commands.execute(new ChangeGrantCommand(programId, grantId, { type: 'RevokeGrant', reason: body.reason, at: this.clock.now().toISOString(), by: context.actor.id }, context));
    return this.found(context.tenantId, programId, grantId);
  }

  @Get('me/grants')
  @Roles('mentor', 'mentee')
  @ApiOperation({ summary: 'Manual recognitions you received, with their citations, newest first' })
  @ApiOkResponse({ type: GrantPage })
  mine(@Query() query: MyGrantsQuery, @RequestContext() context: CommandContext): Promise<Page<GrantRow>> {
    return grantsPage(this.db, context.tenantId, { personId: context.actor.id, programId: query.programId }, query);
  }

  private async found(tenantId: string, programId: string, grantId: string): Promise<GrantRow> {
    const grant = await findGrant(this.db, tenantId, programId, grantId);
    if (!grant) throw new NotFoundError('Grant not found', 'grant.not_found');
    return grant;
  }
}
