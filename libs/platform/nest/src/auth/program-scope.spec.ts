import { ForbiddenError, NotFoundError } from '@tandem/kernel';
import 'reflect-metadata';
import { decideProgramAccess, managesProgram, PROGRAM_SCOPE_KEY, ProgramScope, type ProgramManagers } from './program-scope';
import type { Role } from './roles';

const program: ProgramManagers = { programId: 'p1', managers: ['pm-1', 'pm-2'] };
const caller = (userId: string, ...roles: Role[]) => ({ userId, roles });
const managerOnly: Role[] = ['program-manager', 'admin'];
const memberOrManager: Role[] = ['mentor', 'mentee', 'program-manager', 'admin'];

describe('managesProgram', () => {
  it('is true for a listed program manager and any admin, false otherwise', () => {
    expect(managesProgram(caller('pm-1', 'program-manager'), program)).toBe(true);
    expect(managesProgram(caller('pm-9', 'program-manager'), program)).toBe(false);
    expect(managesProgram(caller('pm-1', 'mentor'), program)).toBe(false);
    expect(managesProgram(caller('root', 'admin'), undefined)).toBe(true);
  });
});

describe('decideProgramAccess', () => {
  const lookup = (result: ProgramManagers | undefined) => jest.fn(async () => result);

  it('lets a listed manager through', async () => {
    await expect(decideProgramAccess(caller('pm-1', 'program-manager'), managerOnly, 'program', lookup(program))).resolves.toBe(true);
  });

  it('refuses a program manager the program does not list, with 403 program.not_a_manager', async () => {
    const attempt = decideProgramAccess(caller('pm-9', 'program-manager'), managerOnly, 'application', lookup(program));
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({ code: 'program.not_a_manager', details: { programId: 'p1' } });
  });

  it('answers 404 named after the resource when it does not exist', async () => {
    await expect(decideProgramAccess(caller('pm-1', 'program-manager'), managerOnly, 'pairing', lookup(undefined))).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'pairing.not_found',
      message: 'Pairing not found',
    });
  });

  it('lets an admin through without a lookup', async () => {
    const find = lookup(undefined);
    await expect(decideProgramAccess(caller('root', 'admin'), managerOnly, 'program', find)).resolves.toBe(true);
    expect(find).not.toHaveBeenCalled();
  });

  it('passes a caller who reaches the route by another role, as not managing, without a lookup', async () => {
    const find = lookup(program);
    await expect(decideProgramAccess(caller('alice', 'mentor'), memberOrManager, 'pairing', find)).resolves.toBe(false);
    expect(find).not.toHaveBeenCalled();
  });

  it('passes an unlisted manager who also holds another allowed role, as not managing (the handler decides)', async () => {
    await expect(decideProgramAccess(caller('pm-9', 'program-manager', 'mentor'), memberOrManager, 'pairing', lookup(program))).resolves.toBe(false);
    await expect(decideProgramAccess(caller('pm-9', 'program-manager', 'mentor'), managerOnly, 'pairing', lookup(program))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('ignores an admin role the route does not allow', async () => {
    await expect(decideProgramAccess(caller('x', 'admin', 'program-manager'), ['program-manager'], 'program', lookup(program))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('@ProgramScope', () => {
  class Routes {
    @ProgramScope('pairing') pause() { return 1; }
    @ProgramScope('program', 'id') close() { return 1; }
  }

  it('records where the program comes from, `:<resource>Id` unless told, and documents the 403', () => {
    expect(Reflect.getMetadata(PROGRAM_SCOPE_KEY, Routes.prototype.pause)).toEqual({ resource: 'pairing', param: 'pairingId' });
    expect(Reflect.getMetadata(PROGRAM_SCOPE_KEY, Routes.prototype.close)).toEqual({ resource: 'program', param: 'id' });
    expect(Reflect.getMetadata('swagger/apiResponse', Routes.prototype.pause)['403'].description).toContain('program.not_a_manager');
  });
});
