import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter';

/** The shared error filter answers a database out of reach as a transient fault, everything unknown as a 500. */
describe('ProblemFilter: database outages', () => {
  function answer(exception: unknown) {
    const reply = { statusCode: 0, headers: {} as Record<string, string>, body: undefined as any };
    const fake = {
      status: (code: number) => ((reply.statusCode = code), fake),
      header: (name: string, value: string) => ((reply.headers[name] = value), fake),
      send: (body: unknown) => void (reply.body = body),
    };
    const host = { switchToHttp: () => ({ getResponse: () => fake }) } as unknown as ArgumentsHost;
    new ProblemFilter().catch(exception, host);
    return reply;
  }

  it('answers 503 database_unavailable with Retry-After for a connection error wrapped by TypeORM', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const reply = answer(Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError }));
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('5');
    expect(reply.body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'database_unavailable', message: expect.any(String) });
  });

  it('answers 503 when the server is shutting down (57P01) and when a released query runner is used', () => {
    expect(answer(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })).statusCode).toBe(503);
    expect(answer(Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerAlreadyReleasedError' })).statusCode).toBe(503);
  });

  it('still answers an unknown error with a 500 that reveals nothing, without Retry-After', () => {
    const reply = answer(new TypeError('boom'));
    expect(reply.statusCode).toBe(500);
    expect(reply.headers['retry-after']).toBeUndefined();
    expect(reply.body).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Unexpected error' });
  });
});
