import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotProgramScoped, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { programBadges } from './badges.queries';

export class BadgeView {
  @ApiProperty() badgeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['participation', 'rising-star', 'champion', 'custom'] }) tier: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: [{ fact: 'completedSessions', atLeast: 5 }] }) criteria: { fact: string; atLeast: number }[];
  @ApiProperty() definedAt: string;
}

@ApiTags('badges')
@ApiBearerAuth()
@Controller('programs')
export class BadgeCatalogController {
  constructor(private readonly db: Database) {}

  @Get(':programId/badges')
  @Roles('program-manager', 'admin', 'mentor', 'mentee', 'analyst')
  @NotProgramScoped("the program's badge catalogue: no participant data")
  @ApiOperation({ summary: 'The badges a program awards and what earns each (empty for an unknown program)' })
  @ApiOkResponse({ type: [BadgeView] })
  list(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<BadgeView[]> {
    return programBadges(this.db, context.tenantId, programId);
  }
}
