import { ConfigurationError, loadServiceConfig } from './service-config';

const valid = {
  DATABASE_URL: 'postgres://localhost/x',
  KAFKA_BROKERS: 'a:9092, b:9092',
  AUTH_ISSUER: 'tandem-dev',
  AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----',
};

describe('loadServiceConfig', () => {
  it('given a complete environment, when loaded, then it is typed and defaulted', () => {
    const config = loadServiceConfig('enrollment', 3001, { ...valid, PORT: '4000', RUN_MODE: 'worker' });
    expect(config).toMatchObject({
      service: 'enrollment',
      port: 4000,
      runMode: 'worker',
      kafka: { brokers: ['a:9092', 'b:9092'], partitions: 6, topicPrefix: '' },
      database: { url: valid.DATABASE_URL, poolSize: 10, migrationsRun: true },
      auth: { issuer: 'tandem-dev', audience: 'tandem' },
    });
  });

  it('given missing and malformed settings, when loaded, then it fails naming each of them', () => {
    const attempt = () => loadServiceConfig('enrollment', 3001, { PORT: 'eighty', RUN_MODE: 'sometimes' });
    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      const text = (error as Error).message;
      for (const name of ['PORT', 'RUN_MODE', 'DATABASE_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER', 'AUTH_JWKS_URL']) {
        expect(text).toContain(name);
      }
    }
  });

  it('given a key file that does not exist, when loaded, then it says so', () => {
    const { AUTH_PUBLIC_KEY: _unused, ...rest } = valid;
    expect(() => loadServiceConfig('x', 1, { ...rest, AUTH_PUBLIC_KEY_FILE: '/nope.pem' })).toThrow(/AUTH_PUBLIC_KEY_FILE: cannot read/);
  });
});
