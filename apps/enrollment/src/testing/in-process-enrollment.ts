import 'reflect-metadata';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Clock, DevIssuer, loadServiceConfig, type Role } from '@tandem/platform';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@tandem/testing';
import { enrollmentModule } from '../enrollment.module';

export class FakeClock extends Clock {
  constructor(public current = new Date('2027-01-10T09:00:00Z')) {
    super();
  }
  now() {
    return new Date(this.current);
  }
}

/**
 * Enrollment in the test process (API mode) on its own database and topic namespace, real PostgreSQL and Kafka,
 * with a controllable clock and a local token issuer; requests go through Fastify's inject.
 */
export async function startInProcessEnrollment(label: string) {
  const clock = new FakeClock();
  const issuer = DevIssuer.generate();
  const database: TestDatabase = await createTestDatabase(label);
  const config = loadServiceConfig('enrollment', 0, {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${label}${uniqueSuffix()}.`,
    KAFKA_TOPIC_PARTITIONS: '1',
    AUTH_ISSUER: issuer.issuer,
    AUTH_PUBLIC_KEY: issuer.publicKey,
    RUN_MODE: 'api',
    LOG_LEVEL: 'warn',
  });
  const moduleRef = await Test.createTestingModule({ imports: [enrollmentModule(config)] }).overrideProvider(Clock).useValue(clock).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const token = (roles: Role[], userId: string) => issuer.issue({ tenantId: 'acme', roles, userId });
  return {
    app,
    clock,
    token,
    pm: () => token(['program-manager'], 'pm'),
    async call(method: 'GET' | 'POST' | 'PUT', url: string, bearer: string, body?: object) {
      const response = await app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(body ? { payload: body } : {}) });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export type InProcessEnrollment = Awaited<ReturnType<typeof startInProcessEnrollment>>;

/** An evergreen program, open, with the given proposal lifetime. */
export async function openProgram(enrollment: InProcessEnrollment, proposalTtlDays = 3): Promise<string> {
  const program = await enrollment.call('POST', '/programs', enrollment.pm(), {
    name: 'In-process',
    lifecycle: { kind: 'evergreen' },
    expectations: { sessionsPerMonth: 2, sessionMinutes: 45 },
    objectives: [],
    matchingPolicy: { objective: 'most-participation', proposalTtlDays },
  });
  await enrollment.call('POST', `/programs/${program.body.programId}/status`, enrollment.pm(), { status: 'open' });
  return program.body.programId;
}

/** An approved participant; returns its application id and token. */
export async function approvedParticipant(enrollment: InProcessEnrollment, programId: string, userId: string, role: 'mentor' | 'mentee') {
  const token = enrollment.token([role], userId);
  const applied = await enrollment.call('POST', `/programs/${programId}/applications`, token, {
    role,
    person: { employeeId: userId, name: userId, email: `${userId}@example.com`, timeZone: 'Europe/London', languages: ['en'] },
    skillsOffered: ['kafka'],
    skillsSought: ['kafka'],
  });
  await enrollment.call('POST', `/applications/${applied.body.applicationId}/decision`, enrollment.pm(), { decision: 'approved' });
  return { id: applied.body.applicationId as string, token };
}
