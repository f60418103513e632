#!/bin/sh
# Run once by the postgres image when its data volume is new (docker-compose.yml mounts it in /docker-entrypoint-initdb.d):
# the two roles of docs/operations.md, "Database roles". samensterker_owner owns the database and runs `migrate`;
# samensterker_app is what the service connects as: it owns nothing, so it can neither change the schema nor switch off
# the triggers that keep the record append-only.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$SAMENSTERKER_OWNER_PASSWORD" -v app_password="$SAMENSTERKER_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
create role samensterker_owner login createrole password :'owner_password';
create role samensterker_app login password :'app_password';
alter database :"db" owner to samensterker_owner;
SQL
