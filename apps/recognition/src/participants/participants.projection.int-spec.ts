import 'reflect-metadata';
import { ApplicationStatusChanged, ParticipantApplied } from '@tandem/enrollment-contracts';
import { Database } from '@tandem/event-store';
import { ForbiddenError } from '@tandem/kernel';
import { createTestDataSource } from '@tandem/testing';
import { MIGRATIONS } from '../testing/awards-harness';
import { applicationStatusChanged, participantApplied } from './participants.projection';
import { approvedMentorPreferences } from './participants.queries';

/** Enrollment's applications into `recognition.participants`: who may ask for rewards, and what they value. */
describe('recognition participants projection (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  beforeAll(async () => {
    env = await createTestDataSource('rc_participants', MIGRATIONS);
    db = new Database(env.dataSource);
  });
  afterAll(() => env?.close());

  it('knows an approved mentor with their recognition preferences, and nobody else', async () => {
    const applied = { ...ParticipantApplied.example, recognitionPreferences: ['conference', 'gift'] };
    const { programId, person } = applied;
    await db.transaction(async (tx) => {
      await participantApplied(tx, applied);
      await participantApplied(tx, { ...applied, recognitionPreferences: ['redelivered'] });
    });
    const refused = await approvedMentorPreferences(db, 'acme', programId, person.userId).catch((e) => e);
    expect(refused).toBeInstanceOf(ForbiddenError); // applied, not approved yet
    await db.transaction((tx) => applicationStatusChanged(tx, { ...ApplicationStatusChanged.example, applicationId: applied.applicationId, to: 'approved' }));
    expect(await approvedMentorPreferences(db, 'acme', programId, person.userId)).toEqual(['conference', 'gift']);
    expect(await approvedMentorPreferences(db, 'globex', programId, person.userId).catch((e) => e)).toBeInstanceOf(ForbiddenError);
    await db.transaction((tx) => applicationStatusChanged(tx, { ...ApplicationStatusChanged.example, applicationId: applied.applicationId, from: 'approved', to: 'withdrawn' }));
    expect(await approvedMentorPreferences(db, 'acme', programId, person.userId).catch((e) => e)).toBeInstanceOf(ForbiddenError);
    const { rows } = await db.query(`SELECT role, status, updated_at FROM recognition.participants`);
    expect(rows).toEqual([{ role: 'mentor', status: 'withdrawn', updated_at: new Date(ApplicationStatusChanged.example.changedAt) }]);
  });
});
