import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { NotProgramScoped, RequestContext, Roles, UuidParam } from '@tandem/platform';
import { findProgramPolicy } from './program-policies.queries';

export class ProgramPolicyView {
  @ApiProperty() programId: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() sessionsPerMonth: number;
  @ApiProperty() sessionMinutes: number;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramPolicyController {
  constructor(private readonly db: Database) {}

  @Get(':programId/policy')
  @Roles('program-manager', 'admin', 'mentor', 'mentee')
  @NotProgramScoped("the program's engagement policy: no participant data")
  @ApiOperation({ summary: 'The engagement policy session tracking applies to a program' })
  @ApiOkResponse({ type: ProgramPolicyView })
  @ApiNotFoundResponse()
  async get(@Param('programId', UuidParam) programId: string, @RequestContext() context: CommandContext): Promise<ProgramPolicyView> {
    const row = await findProgramPolicy(this.db, context.tenantId, programId);
    if (!row) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
    return { programId: row.programId, name: row.name, status: row.status, sessionsPerMonth: Number(row.sessionsPerMonth), sessionMinutes: row.sessionMinutes };
  }
}
