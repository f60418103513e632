# Shared by ops/run.sh and ops/test.sh: a project-local PostgreSQL cluster.
# Source it; it defines functions and changes nothing by itself.

pg_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN="$dir"; fi
  done
  if [ -z "${PG_BIN:-}" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN=$(dirname "$(command -v pg_ctl)")
  fi
  [ -n "${PG_BIN:-}" ]
}

# Finds the PostgreSQL server binaries; installs Debian's when they are missing and we are root.
pg_ensure_binaries() {
  pg_find_bin && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found; installing Debian's postgresql package..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    pg_find_bin && return 0
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them, e.g. 'sudo apt-get install postgresql'," >&2
  echo "or set SAMENSTERKER_DB to the connection string of a PostgreSQL 15+ database you already have." >&2
  return 1
}

# Runs a PostgreSQL tool as the cluster's owner: initdb refuses root, so root uses the postgres user.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_start DIR PORT: creates the cluster in DIR/data on first use, then starts it on 127.0.0.1:PORT. Sets PG_STARTED=1 only when
# this call started it (a cluster found running belongs to whoever started it, and is never stopped by us).
pg_start() {
  local dir=$1 port=$2
  pg_ensure_binaries || return 1
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then pg_as_owner true; chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  PG_STARTED=""
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "PostgreSQL in $dir is already running (left running on exit: it is not ours)." >&2
  else
    PG_STARTED=1
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${SAMENSTERKER_PG_FSYNC:-on} ${SAMENSTERKER_PG_SETTINGS:-}" start >/dev/null \
      || { tail -n 30 "$dir/postgres.log" >&2; return 1; }
  fi
}

# pg_create_db PORT NAME DIR: creates the database when it does not exist yet.
pg_create_db() {
  local port=$1 name=$2 dir=$3
  if ! pg_as_owner psql -h "$dir" -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    pg_as_owner psql -h "$dir" -p "$port" -U postgres -d postgres -qc "create database \"$name\"" >/dev/null
  fi
}

pg_stop() {
  local dir=$1
  [ -n "${PG_BIN:-}" ] || pg_find_bin || return 0
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_free_port PORT: PORT when nothing listens on it, else the next free one above it.
pg_free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# pg_create_roles PORT DIR DB: the two roles the service uses (docs/operations.md, "Database roles") — samensterker_owner
# owns the database and its schemas and runs `migrate`; samensterker_app is what the service connects as and owns
# nothing. A database whose schemas an earlier version made as the superuser is handed to the owner once.
pg_create_roles() {
  local port=$1 dir=$2 db=$3
  pg_as_owner psql -h "$dir" -p "$port" -U postgres -d postgres -qv ON_ERROR_STOP=1 >/dev/null <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = 'samensterker_owner') then create role samensterker_owner login createrole; end if;
  if not exists (select 1 from pg_roles where rolname = 'samensterker_app') then create role samensterker_app login; end if;
end \$\$;
alter database "$db" owner to samensterker_owner;
SQL
  pg_as_owner psql -h "$dir" -p "$port" -U postgres -d "$db" -qv ON_ERROR_STOP=1 >/dev/null <<'SQL'
do $$
declare r record;
begin
  for r in select n.nspname from pg_namespace n where n.nspname in ('samensterker', 'wolverine', 'analytics')
             and pg_get_userbyid(n.nspowner) <> 'samensterker_owner' loop
    execute format('alter schema %I owner to samensterker_owner', r.nspname);
  end loop;
  for r in select c.oid::regclass::text as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname in ('samensterker', 'wolverine', 'analytics') and c.relkind in ('r', 'p', 'v', 'm', 'S')
             and pg_get_userbyid(c.relowner) <> 'samensterker_owner'
             and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i') and d.classid = 'pg_class'::regclass) loop
    execute format('alter %s %s owner to samensterker_owner',
      case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end, r.name);
  end loop;
  for r in select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname in ('samensterker', 'wolverine', 'analytics') and pg_get_userbyid(p.proowner) <> 'samensterker_owner' loop
    execute format('alter routine %s owner to samensterker_owner', r.name);
  end loop;
end $$;
SQL
}

# pg_connection PORT DB USER: a connection string for a role of the local cluster (trust authentication, loopback only).
pg_connection() {
  echo "Host=127.0.0.1;Port=$1;Database=$2;Username=$3"
}
