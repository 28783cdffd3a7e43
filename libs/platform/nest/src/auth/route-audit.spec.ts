import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { HealthController } from '../observability/health';
import { OpsController } from '../messaging/ops.controller';
import { NotProgramScoped, ProgramScope } from './program-scope';
import { routesWithoutProgramScope, routesWithoutRoles } from './route-audit';
import { Public, Roles } from './roles';

@Controller('things')
class Mixed {
  @Get() @Roles('admin') @NotProgramScoped('tenant-wide list') list() { return []; }
  @Get('open') @Public() open() { return 'open'; }
  @Get('forgotten') forgotten() { return 'oops'; }
  helper() { return 'not a route'; }
}

@Controller()
class Scoped {
  @Post('programs/:programId/close') @Roles('program-manager') @ProgramScope('program') close() { return 1; }
  @Post('pairings/:pairingId/pause') @Roles('program-manager', 'mentor') @ProgramScope('pairing') pause() { return 1; }
  @Get('me') @Roles('mentor', 'mentee') mine() { return 1; }
  @Post('programs/:programId/open') @Roles('program-manager', 'admin') unscoped() { return 1; }
  @Get('admin') @Roles('admin') adminOnly() { return 1; }
  @Post('goals/:goalId/x') @Roles('program-manager') @ProgramScope('goal') unknownResource() { return 1; }
  @Post('programs/:id/y') @Roles('program-manager') @ProgramScope('program') wrongParam() { return 1; }
  @Get('both/:programId') @Roles('program-manager') @ProgramScope('program') @NotProgramScoped('?') both() { return 1; }
}

const queries = { program: 'SELECT 1', pairing: 'SELECT 1' };

describe('routesWithoutRoles', () => {
  it('names exactly the routes that declare no roles', () => {
    expect(routesWithoutRoles([Mixed])).toEqual(['Mixed.forgotten (forgotten)']);
  });

  it('finds none on the platform controllers', () => {
    expect(routesWithoutRoles([HealthController, OpsController])).toEqual([]);
  });
});

describe('routesWithoutProgramScope', () => {
  it('names every manager route without a valid program scope, and only those', () => {
    expect(routesWithoutProgramScope([Scoped], queries)).toEqual([
      'Scoped.unscoped (programs/:programId/open): open to program-manager, admin but declares no program scope',
      'Scoped.adminOnly (admin): open to admin but declares no program scope',
      'Scoped.unknownResource (goals/:goalId/x): no program scope query for "goal"',
      'Scoped.wrongParam (programs/:id/y): the path has no :programId',
      'Scoped.both (both/:programId): declares both @ProgramScope and @NotProgramScoped',
    ]);
  });

  it('accepts an explicit exemption and routes closed to managers', () => {
    expect(routesWithoutProgramScope([Mixed], queries)).toEqual([]);
  });

  it('finds none on the platform controllers', () => {
    expect(routesWithoutProgramScope([HealthController, OpsController])).toEqual([]);
  });
});
