-- Run once by the postgres image on an empty data volume (mounted into /docker-entrypoint-initdb.d by
-- docker-compose.yml), as POSTGRES_USER, which therefore owns the databases.
-- Each service owns exactly one database and runs its own migrations in it at start-up.
CREATE DATABASE tandem_enrollment;
CREATE DATABASE tandem_session_tracking;
CREATE DATABASE tandem_recognition;
CREATE DATABASE tandem_analytics;
