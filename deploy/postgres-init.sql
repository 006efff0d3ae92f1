-- One role and one database per service: each service connects as conectar_<service>, which owns its own
-- database and cannot connect to any other (CONNECT is revoked from PUBLIC). PostGIS (and btree_gist) for
-- professionals, created here by the superuser.
--
-- Run by the postgres image on its first start (docker-entrypoint-initdb.d, as the superuser), with each
-- password in the environment: POSTGRES_<SERVICE>_PASSWORD (deploy/compose.yaml requires them). Safe to
-- run again, e.g. on an existing volume or after changing a password:
--   docker compose -f deploy/compose.yaml exec -T postgres \
--     psql -v ON_ERROR_STOP=1 -U postgres -f /docker-entrypoint-initdb.d/10-conectar.sql
\set ON_ERROR_STOP on

-- psql 15: read the passwords from the environment (a missing one stops the script: the variable would
-- not be replaced, a syntax error).
\getenv auth_password POSTGRES_AUTH_PASSWORD
\getenv users_password POSTGRES_USERS_PASSWORD
\getenv professionals_password POSTGRES_PROFESSIONALS_PASSWORD
\getenv chat_password POSTGRES_CHAT_PASSWORD
\getenv payments_password POSTGRES_PAYMENTS_PASSWORD
\getenv notifications_password POSTGRES_NOTIFICATIONS_PASSWORD

CREATE TEMPORARY TABLE conectar_service_roles (service text PRIMARY KEY, password text NOT NULL CHECK (password <> ''));
INSERT INTO conectar_service_roles VALUES
    ('auth', :'auth_password'),
    ('users', :'users_password'),
    ('professionals', :'professionals_password'),
    ('chat', :'chat_password'),
    ('payments', :'payments_password'),
    ('notifications', :'notifications_password');

-- The roles: login, nothing else (no superuser, no CREATEDB, no CREATEROLE); the password is (re)set.
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT service, password FROM conectar_service_roles LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'conectar_' || item.service) THEN
            EXECUTE format('CREATE ROLE %I', 'conectar_' || item.service);
        END IF;
        EXECUTE format(
            'ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',
            'conectar_' || item.service,
            item.password
        );
    END LOOP;
END
$$;

-- The databases (CREATE DATABASE cannot run inside a DO block), each owned by its service's role.
SELECT format('CREATE DATABASE %I OWNER %I', 'conectar_' || service, 'conectar_' || service)
FROM conectar_service_roles
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'conectar_' || service)
\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', 'conectar_' || service, 'conectar_' || service)
FROM conectar_service_roles
\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', 'conectar_' || service)
FROM conectar_service_roles
\gexec

\connect conectar_professionals
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
