import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Community recognition (issue 13): who mentors whom (enrollment's pairings), each participant's name and consent to
 * public acknowledgement, kudos, manual grants, competitions (Mentor of the Year) and their nominations, and the tenant's newsletter feed (the hash of its secret).
 * Participants recorded before this migration count as not consenting until their next consent event or a replay.
 */
export class Community1763700000500 implements MigrationInterface {
  name = 'Community1763700000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE recognition.participants ADD COLUMN name text NOT NULL DEFAULT '', ADD COLUMN public_consent boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE recognition.pairings (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        pairing_id  text        NOT NULL,
        mentor_id   text        NOT NULL,
        mentee_id   text        NOT NULL,
        status      text        NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, pairing_id)
      )`);
    await db.query(`CREATE INDEX pairings_by_mentee ON recognition.pairings (tenant_id, program_id, mentee_id, mentor_id)`);
    await db.query(`
      CREATE TABLE recognition.kudos (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        kudos_id    text        NOT NULL,
        mentor_id   text        NOT NULL,
        mentee_id   text        NOT NULL,
        category    text        NOT NULL,
        message     text        NOT NULL,
        shared      boolean     NOT NULL,
        given_at    timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, kudos_id)
      )`);
    await db.query(`CREATE INDEX kudos_by_mentor ON recognition.kudos (tenant_id, mentor_id, given_at DESC)`);
    await db.query(`
      CREATE TABLE recognition.grants (
        tenant_id      text        NOT NULL,
        program_id     text        NOT NULL,
        grant_id       text        NOT NULL,
        person_id      text        NOT NULL,
        kind           text        NOT NULL,
        badge_id       text,
        tier           text        NOT NULL,
        title          text        NOT NULL,
        citation       text        NOT NULL,
        status         text        NOT NULL,
        revoke_reason  text,
        granted_at     timestamptz NOT NULL,
        granted_by     text        NOT NULL,
        updated_at     timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, grant_id)
      )`);
    await db.query(`CREATE INDEX grants_by_person ON recognition.grants (tenant_id, person_id, granted_at DESC)`);
    // Competitions: no table holds a ballot (who voted for whom stays in the event store; only the count is projected).
    await db.query(`
      CREATE TABLE recognition.competitions (
        tenant_id         text        NOT NULL,
        competition_id    text        NOT NULL,
        program_id        text,
        title             text        NOT NULL,
        period_start      timestamptz NOT NULL,
        period_end        timestamptz NOT NULL,
        min_sessions      integer     NOT NULL,
        voting_opens_at   timestamptz,
        voting_closes_at  timestamptz,
        status            text        NOT NULL,
        ballots           integer     NOT NULL,
        winner_id         text,
        results           jsonb,
        tie_break         text,
        opened_by         text        NOT NULL,
        closed_at         timestamptz,
        updated_at        timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, competition_id)
      )`);
    await db.query(`
      CREATE TABLE recognition.nominations (
        tenant_id       text        NOT NULL,
        competition_id  text        NOT NULL,
        nomination_id   text        NOT NULL,
        nominee_id      text        NOT NULL,
        nominator_id    text        NOT NULL,
        citation        text        NOT NULL,
        submitted_at    timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, competition_id, nomination_id)
      )`);
    await db.query(`
      CREATE TABLE recognition.wall_feeds (
        tenant_id    text        PRIMARY KEY,
        secret_hash  text        NOT NULL UNIQUE,
        rotation     integer     NOT NULL,
        rotated_by   text        NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS recognition.wall_feeds, recognition.nominations, recognition.competitions, recognition.grants, recognition.kudos, recognition.pairings`);
    await db.query(`ALTER TABLE recognition.participants DROP COLUMN IF EXISTS name, DROP COLUMN IF EXISTS public_consent`);
  }
}
