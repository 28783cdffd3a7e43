import { cloudEventType, defineContract, fold, IllegalStateError, InvalidCommandError, NotFoundError } from './index';

type Counted = { type: 'Counted'; data: { by: number } };
const counter = { initialState: () => 0, evolve: (n: number, e: Counted) => n + e.data.by };

describe('kernel', () => {
  it('folds events onto the initial state in order', () => {
    expect(fold(counter, [])).toBe(0);
    expect(fold(counter, [{ type: 'Counted', data: { by: 2 } }, { type: 'Counted', data: { by: 3 } }])).toBe(5);
  });

  it('gives every domain error a kind the HTTP edge maps, a stable code and its own name', () => {
    const errors = [new InvalidCommandError('m', 'a.b'), new NotFoundError('m', 'c.d'), new IllegalStateError('m', 'e.f', { x: 1 })];
    expect(errors.map((e) => [e.name, e.kind, e.code])).toEqual([
      ['InvalidCommandError', 'invalid', 'a.b'],
      ['NotFoundError', 'not_found', 'c.d'],
      ['IllegalStateError', 'conflict', 'e.f'],
    ]);
    expect(errors[2].details).toEqual({ x: 1 });
  });

  it('names a contract as a versioned CloudEvents type', () => {
    const contract = defineContract<{ tenantId: string }>({
      context: 'enrollment', name: 'ProgramCreated', version: 2, topic: 't', schema: {}, key: () => 'k', subject: () => 's', example: { tenantId: 'acme' },
    });
    expect(cloudEventType(contract)).toBe('tandem.enrollment.ProgramCreated.v2');
  });
});
