import { applyDecorators, type Type } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ProgramScope, Roles } from '@tandem/platform';

/**
 * A read of one pairing's data by its mentor or mentee, a manager of its program or an admin; the handler still
 * asks `PairAccess.reader` who is reading (members see their own side, managers everything).
 */
export const PairingRead = (summary: string, type: Type<unknown>) =>
  applyDecorators(
    ProgramScope('pairing'),
    Roles('mentor', 'mentee', 'program-manager', 'admin'),
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    ApiNotFoundResponse({ description: 'No such pairing' }),
  );
