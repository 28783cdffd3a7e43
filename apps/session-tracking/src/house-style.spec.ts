import { houseStyleViolations } from '@tandem/testing';

describe('session-tracking follows the house style (docs/architecture.md)', () => {
  it('keeps controllers, command handlers and subscribers in their slice files, read models in SQL, files short and folders loop-free', () => {
    expect(houseStyleViolations(__dirname)).toEqual([]);
  });
});
