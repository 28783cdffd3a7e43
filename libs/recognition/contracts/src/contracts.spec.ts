import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { BadgeDefined } from './index';

describe('recognition contracts', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(BadgeDefined.schema);
  const example = {
    tenantId: 'acme', programId: 'p1', badgeId: 'rising-star', name: 'Rising Star', tier: 'rising-star',
    description: 'Consistent engagement', criteria: [{ fact: 'consecutiveActiveMonths', atLeast: 3 }], definedAt: '2026-11-21T10:00:00Z',
  };

  it('accepts a BadgeDefined v1 payload and refuses an unknown fact', () => {
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, criteria: [{ fact: 'likes', atLeast: 1 }] })).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/criteria/0/fact');
  });
});
