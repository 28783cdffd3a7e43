import 'reflect-metadata';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Clock, DevIssuer, loadServiceConfig } from '@tandem/platform';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@tandem/testing';
import { enrollmentModule } from '../enrollment.module';
import { ProposalExpiry } from './proposal-expiry';

class FakeClock extends Clock {
  constructor(public current = new Date('2027-01-10T09:00:00Z')) {
    super();
  }
  now() {
    return new Date(this.current);
  }
}

/** Proposals expire on the clock, by the sweeper or on the spot, and give both sides their capacity back. */
describe('proposal expiry (enrollment in-process, real PostgreSQL and Kafka, controlled clock)', () => {
  const clock = new FakeClock();
  const issuer = DevIssuer.generate();
  let app: NestFastifyApplication;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('expiry');
    const config = loadServiceConfig('enrollment', 0, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `expiry${uniqueSuffix()}.`,
      KAFKA_TOPIC_PARTITIONS: '1',
      AUTH_ISSUER: issuer.issuer,
      AUTH_PUBLIC_KEY: issuer.publicKey,
      RUN_MODE: 'api',
      LOG_LEVEL: 'warn',
    });
    const moduleRef = await Test.createTestingModule({ imports: [enrollmentModule(config)] }).overrideProvider(Clock).useValue(clock).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const pm = () => issuer.issue({ tenantId: 'acme', roles: ['program-manager'], userId: 'pm' });
  async function call(method: 'GET' | 'POST', url: string, token: string, body?: object) {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
    return { status: response.statusCode, body: response.json() };
  }
  async function participant(programId: string, userId: string, role: 'mentor' | 'mentee') {
    const token = issuer.issue({ tenantId: 'acme', roles: [role], userId });
    const applied = await call('POST', `/programs/${programId}/applications`, token, {
      role,
      person: { employeeId: userId, name: userId, email: `${userId}@example.com`, timeZone: 'Europe/London', languages: ['en'] },
      skillsOffered: ['kafka'],
      skillsSought: ['kafka'],
    });
    expect(applied.status).toBe(201);
    await call('POST', `/applications/${applied.body.applicationId}/decision`, pm(), { decision: 'approved' });
    return { id: applied.body.applicationId as string, token };
  }

  it('expires overdue proposals in the sweep and on the spot, releasing capacity', async () => {
    const program = await call('POST', '/programs', pm(), {
      name: 'Expiring',
      lifecycle: { kind: 'evergreen' },
      expectations: { sessionsPerMonth: 2, sessionMinutes: 45 },
      objectives: [],
      matchingPolicy: { objective: 'most-participation', proposalTtlDays: 3 },
    });
    const programId = program.body.programId;
    await call('POST', `/programs/${programId}/status`, pm(), { status: 'open' });
    const mentor = await participant(programId, 'mentor-a', 'mentor');
    const mentee1 = await participant(programId, 'mentee-1', 'mentee');
    const mentee2 = await participant(programId, 'mentee-2', 'mentee');

    const first = await call('POST', `/programs/${programId}/requests`, mentee1.token, { mentorApplicationId: mentor.id });
    expect(first.status).toBe(201);
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(1);

    const sweeper = app.get(ProposalExpiry);
    clock.current = new Date('2027-01-12T09:00:00Z'); // 2 days: not yet
    expect(await sweeper.sweep()).toBe(0);
    clock.current = new Date('2027-01-13T09:00:01Z'); // 3 days and a second
    expect(await sweeper.sweep()).toBe(1);
    expect(await sweeper.sweep()).toBe(0);
    expect((await call('GET', `/pairings/${first.body.pairingId}`, pm())).body.status).toBe('expired');
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(0);
    expect((await call('GET', `/applications/${mentee1.id}`, pm())).body.held).toBe(0);

    // A proposal acted on after its deadline expires there and then, and the action is refused.
    const second = await call('POST', `/programs/${programId}/requests`, mentee2.token, { mentorApplicationId: mentor.id });
    clock.current = new Date('2027-01-20T09:00:00Z');
    const late = await call('POST', `/pairings/${second.body.pairingId}/accept`, mentor.token);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('pairing.expired');
    expect((await call('GET', `/pairings/${second.body.pairingId}`, pm())).body.status).toBe('expired');
    expect((await call('GET', `/applications/${mentor.id}`, pm())).body.held).toBe(0);
  });
});
