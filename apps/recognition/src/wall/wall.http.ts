import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, NotProgramScoped, PageOf, PageQuery, PathParamPipe, Public, RequestContext, Roles, type HeaderReply, type Page } from '@tandem/platform';
import { RotateFeedSecretCommand, feedSecretHash } from './wall.commands';
import { feedInfo, feedTenant, wallPage, WALL_KINDS, type FeedInfo, type WallEntry, type WallKind } from './wall.queries';

class FeedSecretPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return /^[A-Za-z0-9_-]{43}$/.test(value) ? undefined : 'must be a feed secret (43 characters of base64url)';
  }
}
const FeedSecretParam = new FeedSecretPipe();
const FEED_ENTRIES = 50;
const CONSENT_NOTE = 'Only entries whose person consents to public acknowledgement in the program they belong to (tenant-wide entries: in every program of theirs); a withdrawal removes them at once.';

export class WallEntryView {
  @ApiProperty({ example: 'grant:a4c6e8b0-2d4f-4b6a-8c0e-3f5a7b9d1c2e' }) entryId: string;
  @ApiProperty({ enum: WALL_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a tenant-wide entry' }) programId: string | null;
  @ApiProperty() personId: string;
  @ApiProperty() personName: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, description: 'A grant\'s citation or a shared kudos\' message' }) text: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The kudos category or the badge tier' }) category: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who gave the kudos, when they consent too' }) fromName: string | null;
  @ApiProperty() occurredAt: string;
}
const WallPage = PageOf(WallEntryView);

export class WallQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programId?: string;
  @ApiPropertyOptional({ enum: WALL_KINDS }) @IsOptional() @IsIn(WALL_KINDS) kind?: WallKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 255) personId?: string;
}

export class FeedInfoView {
  @ApiProperty({ description: 'How many times the secret was rotated' }) rotation: number;
  @ApiProperty() rotatedBy: string;
  @ApiProperty() rotatedAt: string;
}

export class RotatedFeedView extends FeedInfoView {
  @ApiProperty({ description: 'The new secret, shown this once; the previous feed URL no longer works' }) secret: string;
  @ApiProperty({ example: '/feeds/3q2-7wXk…/wall.atom', description: 'The feed path on this service, to give to the newsletter tool' }) path: string;
}

@ApiTags('wall')
@Controller()
export class WallController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get('wall')
  @ApiBearerAuth()
  @Roles('mentor', 'mentee', 'program-manager', 'admin', 'analyst')
  @NotProgramScoped('the wall shows only what people consented to publish, to everyone in their organization')
  @ApiOperation({ summary: `The recognition wall of your organization, newest first: awards, grants, shared kudos, competition winners. ${CONSENT_NOTE}` })
  @ApiOkResponse({ type: WallPage })
  wall(@Query() query: WallQuery, @RequestContext() context: CommandContext): Promise<Page<WallEntry>> {
    return wallPage(this.db, context.tenantId, { programId: query.programId, kind: query.kind, personId: query.personId }, query);
  }

  @Get('wall/feed')
  @ApiBearerAuth()
  @Roles('program-manager', 'admin')
  @NotProgramScoped("the organization's newsletter feed: one per tenant")
  @ApiOperation({ summary: 'Whether the newsletter feed has a secret URL, and when it was last rotated (the secret itself is shown only on rotation)' })
  @ApiOkResponse({ type: FeedInfoView })
  @ApiNotFoundResponse({ description: '`feed.not_found`: never rotated, no feed URL yet' })
  async feed(@RequestContext() context: CommandContext): Promise<FeedInfo> {
    const info = await feedInfo(this.db, context.tenantId);
    if (!info) throw new NotFoundError('No feed URL yet: rotate to create one', 'feed.not_found');
    return info;
  }

  @Post('wall/feed/rotate')
  @HttpCode(201)
  @ApiBearerAuth()
  @Roles('program-manager', 'admin')
  @NotProgramScoped("the organization's newsletter feed: one per tenant")
  @ApiOperation({ summary: 'Create or rotate the secret URL of the Atom feed: the new secret is returned once, the previous URL stops working at once' })
  @ApiCreatedResponse({ type: RotatedFeedView })
  async rotate(@RequestContext() context: CommandContext): Promise<FeedInfo & { secret: string; path: string }> {
    const { secret, state } = await this.commands.execute(new RotateFeedSecretCommand(this.clock.now().toISOString(), context));
    const info = await feedInfo(this.db, context.tenantId);
    return { rotation: state.rotations, rotatedBy: info?.rotatedBy ?? context.actor.id, rotatedAt: info?.rotatedAt ?? this.clock.now().toISOString(), secret, path: `/feeds/${secret}/wall.atom` };
  }

  @Get('feeds/:secret/wall.atom')
  @Public()
  @ApiOperation({ summary: `The recognition wall as an Atom feed for newsletter tools, at the tenant's secret URL (no token: the secret is the credential). ${CONSENT_NOTE}` })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'Atom 1.0, the latest entries', content: { 'application/atom+xml': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'Unknown or rotated secret' })
  async atom(@Param('secret', FeedSecretParam) secret: string, @Res({ passthrough: true }) reply: HeaderReply): Promise<string> {
    const tenantId = await feedTenant(this.db, feedSecretHash(secret));
    if (!tenantId) throw new NotFoundError('No such feed', 'feed.not_found');
    const { items } = await wallPage(this.db, tenantId, {}, { limit: FEED_ENTRIES, offset: 0 });
    reply.header('content-type', 'application/atom+xml; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return atomOf(tenantId, items, this.clock.now());
  }
}

/**
 * Atom 1.0 of the wall's entries, rendered by the `feed` library (escaping, dates, ids). `feed` 6 is an ES module:
 * loaded on first use (Node 26 requires it as is; jest, which loads this file for the route audit, never renders).
 */
export async function atomOf(tenantId: string, entries: WallEntry[], now: Date): Promise<string> {
  const { Feed } = await import('feed');
  const updated = entries[0] ? new Date(entries[0].occurredAt) : now;
  const feed = new Feed({ title: 'Mentoring recognition', description: 'Awards, recognitions, kudos and winners people chose to share', id: `urn:tandem:${tenantId}:wall`, link: `urn:tandem:${tenantId}:wall`, updated, copyright: '', generator: 'Tandem recognition' });
  for (const e of entries) {
    feed.addItem({
      title: `${e.personName}: ${e.title}`,
      id: `urn:tandem:${tenantId}:wall:${e.entryId}`,
      link: `urn:tandem:${tenantId}:wall:${e.entryId}`,
      date: new Date(e.occurredAt),
      description: [e.text, e.fromName ? `from ${e.fromName}` : null].filter(Boolean).join(' — ') || undefined,
      author: [{ name: e.personName }],
      category: e.category ? [{ name: e.category }] : undefined,
    });
  }
  return feed.atom1();
}
