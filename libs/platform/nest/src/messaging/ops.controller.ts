import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotProgramScoped } from '../auth/program-scope';
import { Roles } from '../auth/roles';
import { MessagingRuntime } from './messaging-runtime';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('ops')
export class OpsController {
  constructor(private readonly messaging: MessagingRuntime) {}

  @Get('messaging')
  @Roles('admin')
  @NotProgramScoped('operations of this replica; no participant data')
  @ApiOperation({ summary: 'Relay checkpoint and lease, consumer offsets and lag of this replica' })
  messagingStatus() {
    return this.messaging.status();
  }
}
