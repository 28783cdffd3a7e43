import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { HealthController } from '../observability/health';
import { OpsController } from '../messaging/ops.controller';
import { routesWithoutRoles } from './route-audit';
import { Public, Roles } from './roles';

@Controller('things')
class Mixed {
  @Get() @Roles('admin') list() { return []; }
  @Get('open') @Public() open() { return 'open'; }
  @Get('forgotten') forgotten() { return 'oops'; }
  helper() { return 'not a route'; }
}

describe('routesWithoutRoles', () => {
  it('names exactly the routes that declare no roles', () => {
    expect(routesWithoutRoles([Mixed])).toEqual(['Mixed.forgotten (forgotten)']);
  });

  it('finds none on the platform controllers', () => {
    expect(routesWithoutRoles([HealthController, OpsController])).toEqual([]);
  });
});
