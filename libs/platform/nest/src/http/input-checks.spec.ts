import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { inputProblems, integerFromQuery, MAX_JSON_DEPTH, subjectProblem, textProblem, undecodableQueryParameters } from './input-checks';
import { PageQuery } from './pagination';
import { SubjectParam, UuidParam } from './path-params';
import { createValidationPipe } from './validation';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('textProblem', () => {
  it('accepts ordinary text, including astral characters as surrogate pairs', () => {
    expect(textProblem('Grüße, 👋 Ada — ok\n\ttabs')).toBeUndefined();
  });

  it('refuses NUL anywhere', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain the NUL character (U+0000)');
    expect(textProblem('\u0000')).toBeDefined();
  });

  it('refuses lone surrogates, high or low, at any position', () => {
    for (const text of ['a\ud800b', '\ud800', 'end\udbff', '\udc00start', 'x\udfffy', '\ud83d\ud83d\udc4b'.slice(0, 2)]) {
      expect(textProblem(text)).toBe('must be well-formed Unicode (it contains a lone UTF-16 surrogate)');
    }
    expect(textProblem('\ud83d\udc4b')).toBeUndefined();
  });
});

describe('inputProblems', () => {
  it('names each offending field by its dotted path', () => {
    const body = { title: 'ok', person: { name: 'a\u0000b' }, topics: ['fine', 'x\ud800'] };
    expect(inputProblems(body, 'body')).toEqual([
      { field: 'person.name', messages: ['person.name must not contain the NUL character (U+0000)'] },
      { field: 'topics.1', messages: ['topics.1 must be well-formed Unicode (it contains a lone UTF-16 surrogate)'] },
    ]);
  });

  it('checks keys as well as values', () => {
    expect(inputProblems({ 'a\u0000': 1 }, 'body')[0].field).toBe('a\u0000');
  });

  it('names the part itself for a bare value', () => {
    expect(inputProblems('a\u0000', 'body')).toEqual([{ field: 'body', messages: ['body must not contain the NUL character (U+0000)'] }]);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(inputProblems(nested(MAX_JSON_DEPTH), 'body')).toEqual([]);
    const [problem] = inputProblems(nested(MAX_JSON_DEPTH + 1), 'body');
    expect(problem.messages).toEqual([expect.stringContaining(`is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`)]);
  });

  it('walks 100,000 levels without recursion (no stack overflow) and stops at the limit', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(inputProblems(deep, 'body')).toHaveLength(1);
  });

  it('reports at most 20 problems however many there are', () => {
    expect(inputProblems(Array.from({ length: 10_000 }, () => '\u0000'), 'body')).toHaveLength(20);
  });

  it('ignores numbers, booleans and null', () => {
    expect(inputProblems({ a: 1, b: true, c: null, d: [1.5, false] }, 'body')).toEqual([]);
  });
});

describe('subjectProblem', () => {
  it('accepts identity-provider subjects', () => {
    for (const subject of ['demo-pm', 'auth0|5f7c8ec7c33c6c004bbafe82', 'ada@example.com', 'a', 'x'.repeat(255), '550e8400-e29b-41d4-a716-446655440000']) {
      expect(subjectProblem(subject)).toBeUndefined();
    }
  });

  it('refuses empty, over-long, control characters and malformed text', () => {
    expect(subjectProblem('')).toBe('must be 1 to 255 characters long');
    expect(subjectProblem('x'.repeat(256))).toBe('must be 1 to 255 characters long');
    expect(subjectProblem('a\u0000b')).toBe('must not contain control characters');
    expect(subjectProblem('a\nb')).toBe('must not contain control characters');
    expect(subjectProblem('a\u0085b')).toBe('must not contain control characters');
    expect(subjectProblem('a\ud800')).toBe('must be well-formed Unicode (it contains a lone UTF-16 surrogate)');
  });
});

describe('integerFromQuery', () => {
  it('reads plain decimal digits as numbers', () => {
    expect(integerFromQuery('0')).toBe(0);
    expect(integerFromQuery('42')).toBe(42);
    expect(integerFromQuery('-3')).toBe(-3);
    expect(integerFromQuery('99999999999999999999')).toBe(1e20);
  });

  it('leaves every other spelling as it is, for the integer check to refuse', () => {
    for (const value of ['1e20', '1.0', '0x10', ' 5', '5 ', '', 'NaN', 'Infinity', '+5', '1_000']) expect(integerFromQuery(value)).toBe(value);
    expect(integerFromQuery(['1', '2'])).toEqual(['1', '2']);
  });
});

describe('undecodableQueryParameters', () => {
  it('passes well-formed queries, including encoded astral characters and plus signs', () => {
    expect(undecodableQueryParameters('/programs')).toEqual([]);
    expect(undecodableQueryParameters('/programs?status=open&name=a+b%20c&emoji=%F0%9F%91%8B&flag&empty=')).toEqual([]);
  });

  it('names parameters whose value or name is not valid percent-encoded UTF-8', () => {
    expect(undecodableQueryParameters('/x?pairingId=a%ED%A0%80b&status=open&bad=%zz')).toEqual(['pairingId', 'bad']);
    expect(undecodableQueryParameters('/x?%FF=1')).toEqual(['%FF']);
  });
});

describe('PageQuery through the validation pipe', () => {
  const pipe = createValidationPipe();
  const page = (query: Record<string, unknown>) => pipe.transform(query, { type: 'query', metatype: PageQuery });
  const fields = async (query: Record<string, unknown>) => {
    const error: BadRequestException = await page(query).catch((e: BadRequestException) => e);
    return (error.getResponse() as { errors: { field: string; messages: string[] }[] }).errors;
  };

  it('defaults and reads valid paging', async () => {
    expect(await page({})).toMatchObject({ limit: 50, offset: 0 });
    expect(await page({ limit: '200', offset: '1000000' })).toMatchObject({ limit: 200, offset: 1_000_000 });
  });

  it('refuses out-of-range and non-decimal values, naming the parameter', async () => {
    expect(await fields({ offset: '1e20' })).toEqual([{ field: 'offset', messages: ['offset must be an integer written in decimal digits'] }]);
    expect(await fields({ offset: '99999999999999999999' })).toEqual([{ field: 'offset', messages: ['offset must be between 0 and 1000000'] }]);
    expect(await fields({ offset: '-1' })).toEqual([{ field: 'offset', messages: ['offset must be between 0 and 1000000'] }]);
    expect((await fields({ limit: '0' }))[0].field).toBe('limit');
    expect((await fields({ limit: '201' }))[0].field).toBe('limit');
    expect((await fields({ limit: '2.5' }))[0].field).toBe('limit');
    expect((await fields({ limit: ['1', '2'] }))[0].field).toBe('limit');
  });
});

describe('path parameter pipes', () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as BadRequestException).getResponse();
    }
    throw new Error('not refused');
  };

  it('UuidParam passes UUIDs and names the parameter otherwise', () => {
    expect(UuidParam.transform('550e8400-e29b-41d4-a716-446655440000', { type: 'param', data: 'pairingId' })).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(refusal(() => UuidParam.transform('a\u0000b', { type: 'param', data: 'pairingId' }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation_failed',
      message: 'Invalid path parameter: pairingId',
      errors: [{ field: 'pairingId', messages: ['pairingId must be a UUID'] }],
    });
  });

  it('SubjectParam passes subjects and refuses control characters', () => {
    expect(SubjectParam.transform('demo-pm', { type: 'param', data: 'userId' })).toBe('demo-pm');
    expect(refusal(() => SubjectParam.transform('a\u0001', { type: 'param', data: 'userId' }))).toMatchObject({
      errors: [{ field: 'userId', messages: ['userId must not contain control characters'] }],
    });
  });
});
