import { isDatabaseUnavailable } from './errors';

/** Which failures are a database out of reach (answered 503 and waited out) and which are not (a bug, a 500). */
describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['reset connection', withCode('ECONNRESET')],
    ['host name not resolvable right now', withCode('EAI_AGAIN')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['cannot connect now (57P03)', withCode('57P03', 'the database system is starting up')],
    ['connection failure (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['client in error state', new Error('Client has encountered a connection error and is not queryable')],
    ['TypeORM released runner', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['TypeORM QueryFailedError around a driver error', Object.assign(new Error('wrapped'), { name: 'QueryFailedError', driverError: withCode('57P01') })],
    ['a cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    ['AggregateError of every address', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')],
  ])('%s → unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', withCode('23505')],
    ['syntax error (a bug)', withCode('42601')],
    ['NUL in text (bad input)', withCode('22021')],
    ['serialization failure (a retry, not an outage)', withCode('40001')],
    ['database dropped (57P04)', withCode('57P04')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s → not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on a cycle of causes', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
