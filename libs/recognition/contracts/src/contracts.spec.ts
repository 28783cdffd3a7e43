import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { COMPETITION_CONTRACTS, COMMUNITY_CONTRACTS, BadgeDefinedV3Contract, expressibleInV2, AwardAmended, AwardFlagged, BadgeAwarded, BadgeDefined, BadgeDefinedV2Contract, BadgeRevoked, REWARD_CONTRACTS, RewardFeedbackGiven, RewardRequested } from './index';

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

describe('recognition award contracts', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const ref = { tenantId: 'acme', programId: 'p1', badgeId: 'champion', tier: 'champion', personId: 'mentor-1' };

  it('accepts a BadgeDefined v2 with a nested rule and refuses an unknown criterion field', () => {
    const validate = ajv.compile(BadgeDefinedV2Contract.schema);
    const badge = {
      tenantId: 'acme', programId: 'p1', badgeId: 'champion', name: 'Champion', tier: 'champion', description: 'Impact', ruleVersion: 2,
      rule: { allOf: [{ fact: 'verifiedMenteeOutcomes', atLeast: 2 }, { anyOf: [{ fact: 'averageRating', atLeast: 4.5, minRatings: 5 }] }] },
      definedAt: '2026-11-21T10:00:00Z', definedBy: 'pm-1',
    };
    expect(validate(badge)).toBe(true);
    expect(validate({ ...badge, rule: { allOf: [{ fact: 'confirmedSessions', atLeast: 1, colour: 'red' }] } })).toBe(false);
  });

  it('keys award events by person and refuses fields outside the schema', () => {
    const validate = ajv.compile(BadgeAwarded.schema);
    const awarded = { ...ref, ruleVersion: 1, earnedAt: '2026-03-01T10:00:00Z', evidence: [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: ['e1'] }], awardedAt: '2026-11-21T10:00:00Z' };
    expect(validate(awarded)).toBe(true);
    expect(validate({ ...awarded, comment: 'private' })).toBe(false);
    for (const contract of [BadgeAwarded, AwardAmended, AwardFlagged, BadgeRevoked]) expect(contract.key(awarded as never)).toBe('mentor-1');
  });
});

describe('recognition reward contracts', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);

  it('validates every example, keys by program and has no field for free text (comments, reasons)', () => {
    for (const contract of REWARD_CONTRACTS) {
      const validate = ajv.compile(contract.schema);
      expect([contract.name, validate(contract.example)]).toEqual([contract.name, true]);
      expect(validate({ ...contract.example, comment: 'private' })).toBe(false);
      expect(validate({ ...contract.example, reason: 'private' })).toBe(false);
      expect(contract.key(contract.example as never)).toBe(contract.example.programId);
    }
  });

  it('refuses a rating outside 1–5 and a fractional cost', () => {
    expect(ajv.compile(RewardFeedbackGiven.schema)({ ...RewardFeedbackGiven.example, satisfaction: 6 })).toBe(false);
    expect(ajv.compile(RewardRequested.schema)({ ...RewardRequested.example, costMinor: 10.5 })).toBe(false);
  });
});

describe('recognition community contracts (issue 13)', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);

  it('validates every example, keys by program and has no field for free text (messages, citations, titles)', () => {
    for (const contract of COMMUNITY_CONTRACTS) {
      const validate = ajv.compile(contract.schema);
      expect([contract.name, validate(contract.example)]).toEqual([contract.name, true]);
      for (const field of ['message', 'citation', 'title', 'reason']) expect(validate({ ...contract.example, [field]: 'private' })).toBe(false);
      expect(contract.key(contract.example as never)).toBe(contract.example.programId);
    }
  });

  it('competition events validate their examples, are keyed by competition and carry no ballot or citation', () => {
    for (const contract of COMPETITION_CONTRACTS) {
      const validate = ajv.compile(contract.schema);
      expect([contract.name, validate(contract.example)]).toEqual([contract.name, true]);
      for (const field of ['citation', 'voterId', 'votes', 'nominatorId']) expect(validate({ ...contract.example, [field]: 'x' })).toBe(false);
      expect(contract.key(contract.example as never)).toBe(contract.example.competitionId);
    }
  });

  it('BadgeDefined v3 accepts kudosReceived, which v2 refuses (so a kudos rule is published as v3 only)', () => {
    const v2 = ajv.compile(BadgeDefinedV2Contract.schema);
    const v3 = ajv.compile(BadgeDefinedV3Contract.schema);
    expect(v3(BadgeDefinedV3Contract.example)).toBe(true);
    expect(v2(BadgeDefinedV3Contract.example)).toBe(false);
    expect(v3(BadgeDefinedV2Contract.example)).toBe(true);
    expect(expressibleInV2(BadgeDefinedV3Contract.example.rule)).toBe(false);
    expect(expressibleInV2(BadgeDefinedV2Contract.example.rule)).toBe(true);
  });
});
