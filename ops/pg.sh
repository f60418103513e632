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

# pg_start DIR PORT: creates the cluster in DIR/data on first use, then starts it on 127.0.0.1:PORT.
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
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "PostgreSQL in $dir is already running." >&2
  else
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
