#!/bin/bash
# First start of the development PostgreSQL (docker-entrypoint-initdb.d): one role and one database per
# service. Each service connects as conectar_<service>, which owns its own database and nothing else: not
# a superuser, no CREATEDB, no CREATEROLE, and no CONNECT on the other services' databases. Same roles,
# databases and password variables (POSTGRES_<SERVICE>_PASSWORD) as deploy/postgres-init.sql for Compose.
set -euo pipefail

for service in auth users professionals chat payments notifications; do
    variable="POSTGRES_${service^^}_PASSWORD"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        --set role="conectar_${service}" --set database="conectar_${service}" \
        --set password="${!variable}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
done

# PostGIS is not a trusted extension: the superuser creates it (and btree_gist) for professionals, whose
# migrations then find them in place (CREATE EXTENSION IF NOT EXISTS).
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname conectar_professionals <<'SQL'
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
SQL
