import 'reflect-metadata';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { declaredQueryParameters } from '../http/input-screen';
import { PageQuery } from '../http/pagination';
import { SubjectParam, UuidParam } from '../http/path-params';
import { HealthController } from '../observability/health';
import { OpsController } from '../messaging/ops.controller';
import { NotProgramScoped, ProgramScope } from './program-scope';
import { routesWithoutProgramScope, routesWithoutRoles, unvalidatedInputs } from './route-audit';
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

class Inner {
  @IsString() name: string;
}
class Outer {
  @ValidateNested() @Type(() => Inner) forgotten: Inner;
  @IsObject() @ValidateNested() @Type(() => Inner) required: Inner;
  @IsOptional() @ValidateNested() @Type(() => Inner) optional?: Inner;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Inner) list: Inner[];
}
class Wrapper {
  @IsObject() @ValidateNested() @Type(() => Outer) outer: Outer;
}

@Controller('programs/:programId')
class Inputs {
  @Post('items/:itemId') @Public() unchecked(@Param('programId', UuidParam) _programId: string, @Param('itemId') _itemId: string) { return 1; }
  @Get('people/:userId') @Public() checked(@Param('programId', UuidParam) _programId: string, @Param('userId', SubjectParam) _userId: string) { return 1; }
  @Get('unbound') @Public() unbound() { return 1; }
  @Post() @Public() create(@Param('programId', UuidParam) _programId: string, @Body() _body: Wrapper) { return 1; }
}

describe('unvalidatedInputs', () => {
  it('names path parameters without a validator and required nested objects that accept a missing value, at any depth', () => {
    expect(unvalidatedInputs([Inputs])).toEqual([
      'Inputs.unchecked: path parameter itemId has no validator',
      'Inputs.unbound: path parameter programId has no validator',
      'Inputs.create: Outer.forgotten is a required nested object that accepts a missing value (add @IsObject())',
    ]);
  });

  it('finds none on the platform controllers', () => {
    expect(unvalidatedInputs([HealthController, OpsController])).toEqual([]);
  });
});

@Controller('things')
class Queries {
  @Get() @Public() dto(@Query() _query: PageQuery) { return 1; }
  @Get('named') @Public() named(@Query('q') _q: string) { return 1; }
  @Get('none') @Public() none() { return 1; }
}

describe('declaredQueryParameters', () => {
  it('reads the DTO properties (inherited too), the named parameters, and nothing for a route without @Query', () => {
    expect(declaredQueryParameters(Queries, 'dto')).toEqual(new Set(['limit', 'offset']));
    expect(declaredQueryParameters(Queries, 'named')).toEqual(new Set(['q']));
    expect(declaredQueryParameters(Queries, 'none')).toEqual(new Set());
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
