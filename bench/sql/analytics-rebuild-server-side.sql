-- What PostgreSQL alone takes for the rows of a 1M-event analytics rebuild (bench/scenarios/analytics-rebuild.ts),
-- with no client in the way: the same tables, keys and reporting indexes as analytics' migrations and the consumers'
-- inbox (copied here as of 2026-12-03), filled by set-based INSERT … SELECT in one transaction each.
--
--   psql -h 127.0.0.1 -U postgres -f bench/sql/analytics-rebuild-server-side.sql
--
-- Three ways of writing the same rows: as the rebuild writes them (ON CONFLICT DO NOTHING, indexes maintained row by
-- row), plain INSERT (no speculative insertion), and into tables without indexes with the indexes built afterwards.
\set ON_ERROR_STOP on
DROP DATABASE IF EXISTS bench_rebuild_sql;
CREATE DATABASE bench_rebuild_sql;
\c bench_rebuild_sql
\timing on

CREATE TABLE sessions (tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, session_id text NOT NULL, occurred_at timestamptz NOT NULL, minutes integer NOT NULL, format text NOT NULL, PRIMARY KEY (tenant_id, session_id));
CREATE INDEX ON sessions (tenant_id, program_id, occurred_at);
CREATE TABLE session_ratings (tenant_id text NOT NULL, program_id text NOT NULL, session_id text NOT NULL, rater_role text NOT NULL, rating integer NOT NULL, submitted_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, session_id, rater_role));
CREATE INDEX ON session_ratings (tenant_id, program_id, submitted_at) INCLUDE (rating);
CREATE TABLE training_hours (tenant_id text NOT NULL, program_id text NOT NULL, entry_id text NOT NULL, user_id text NOT NULL, role text NOT NULL, month text NOT NULL, minutes integer NOT NULL, recorded_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, entry_id));
CREATE INDEX ON training_hours (tenant_id, program_id, recorded_at) INCLUDE (minutes);
CREATE TABLE inbox (consumer text NOT NULL, message_id uuid NOT NULL, topic text NOT NULL, kafka_partition integer NOT NULL, kafka_offset bigint NOT NULL, event_type text NOT NULL, outcome text NOT NULL DEFAULT 'processed', processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, message_id));

-- The 1M events' keys, made once (random UUIDs, as the relay's message ids and the sessions' ids are).
CREATE TABLE ids AS SELECT i, gen_random_uuid() AS id, gen_random_uuid()::text AS key FROM generate_series(1, 1000000) i;
CHECKPOINT;

\echo '== 1. as the rebuild writes: ON CONFLICT DO NOTHING, indexes maintained row by row'
BEGIN;
INSERT INTO sessions SELECT 'bench', 'p' || i % 20, key, key, timestamptz '2026-01-05' + i * interval '1 min', 45, 'video' FROM ids WHERE i <= 250000 ON CONFLICT DO NOTHING;
INSERT INTO session_ratings SELECT 'bench', 'p' || i % 20, key, 'mentee', 1 + i % 5, timestamptz '2026-01-05' + i * interval '1 min' FROM ids WHERE i > 250000 AND i <= 500000 ON CONFLICT DO NOTHING;
INSERT INTO training_hours SELECT 'bench', 'p' || i % 20, key, 'u' || i % 5000, 'mentor', '2026-01', 45, timestamptz '2026-01-05' + i * interval '30 s' FROM ids WHERE i > 500000 ON CONFLICT DO NOTHING;
INSERT INTO inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type) SELECT 'c', id, 't', i % 3, i, 'type' FROM ids ON CONFLICT DO NOTHING;
COMMIT;
TRUNCATE sessions, session_ratings, training_hours, inbox;
CHECKPOINT;

\echo '== 2. plain INSERT, indexes maintained row by row'
BEGIN;
INSERT INTO sessions SELECT 'bench', 'p' || i % 20, key, key, timestamptz '2026-01-05' + i * interval '1 min', 45, 'video' FROM ids WHERE i <= 250000;
INSERT INTO session_ratings SELECT 'bench', 'p' || i % 20, key, 'mentee', 1 + i % 5, timestamptz '2026-01-05' + i * interval '1 min' FROM ids WHERE i > 250000 AND i <= 500000;
INSERT INTO training_hours SELECT 'bench', 'p' || i % 20, key, 'u' || i % 5000, 'mentor', '2026-01', 45, timestamptz '2026-01-05' + i * interval '30 s' FROM ids WHERE i > 500000;
INSERT INTO inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type) SELECT 'c', id, 't', i % 3, i, 'type' FROM ids;
COMMIT;
CHECKPOINT;

\echo '== 3. into tables without indexes, the same indexes built afterwards'
BEGIN;
CREATE TABLE s3 (LIKE sessions); CREATE TABLE r3 (LIKE session_ratings); CREATE TABLE h3 (LIKE training_hours); CREATE TABLE i3 (LIKE inbox INCLUDING DEFAULTS);
INSERT INTO s3 SELECT 'bench', 'p' || i % 20, key, key, timestamptz '2026-01-05' + i * interval '1 min', 45, 'video' FROM ids WHERE i <= 250000;
INSERT INTO r3 SELECT 'bench', 'p' || i % 20, key, 'mentee', 1 + i % 5, timestamptz '2026-01-05' + i * interval '1 min' FROM ids WHERE i > 250000 AND i <= 500000;
INSERT INTO h3 SELECT 'bench', 'p' || i % 20, key, 'u' || i % 5000, 'mentor', '2026-01', 45, timestamptz '2026-01-05' + i * interval '30 s' FROM ids WHERE i > 500000;
INSERT INTO i3 (consumer, message_id, topic, kafka_partition, kafka_offset, event_type) SELECT 'c', id, 't', i % 3, i, 'type' FROM ids;
ALTER TABLE s3 ADD PRIMARY KEY (tenant_id, session_id); CREATE INDEX ON s3 (tenant_id, program_id, occurred_at);
ALTER TABLE r3 ADD PRIMARY KEY (tenant_id, session_id, rater_role); CREATE INDEX ON r3 (tenant_id, program_id, submitted_at) INCLUDE (rating);
ALTER TABLE h3 ADD PRIMARY KEY (tenant_id, entry_id); CREATE INDEX ON h3 (tenant_id, program_id, recorded_at) INCLUDE (minutes);
ALTER TABLE i3 ADD PRIMARY KEY (consumer, message_id);
COMMIT;

\c postgres
DROP DATABASE bench_rebuild_sql;
