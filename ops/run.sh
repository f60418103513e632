#!/usr/bin/env bash
# Runs Samen Sterker on http://127.0.0.1:5080 with a project-local PostgreSQL cluster in .data/
# (kept between runs). With SAMENSTERKER_DB set, uses that database and starts no cluster.
# Ctrl-C stops the API and the cluster it started.
# With arguments, runs that command of the API against the same database instead of serving, e.g.
#   ops/run.sh projections rebuild        (rebuild every projection from the events; stop the API first)
#   ops/run.sh seed --cases 2000          (realistic demo cases through the use cases' own rules; ~250 events a case)
#   ops/run.sh token --sub p-anna --role professional --team noord   (a development token; no database needed)
#   SAMENSTERKER_URL       where the API listens (default http://127.0.0.1:5080)
#   SAMENSTERKER_DATA_DIR  the cluster's folder (default <repo>/.data/postgres)
#   SAMENSTERKER_PGPORT    the cluster's port (default 55432)
#   SAMENSTERKER_BUILD_DIR where the API is built (default <repo>/.data/api)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/ops/pg.sh"

url=${SAMENSTERKER_URL:-http://127.0.0.1:5080}
data_dir=${SAMENSTERKER_DATA_DIR:-$root/.data/postgres}
port=${SAMENSTERKER_PGPORT:-55432}
build_dir=${SAMENSTERKER_BUILD_DIR:-$root/.data/api}
started_cluster=""

cleanup() {
  if [ -n "${api_pid:-}" ]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  if [ -n "$started_cluster" ]; then echo "Stopping PostgreSQL in $data_dir" >&2; pg_stop "$data_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_api() {
  echo "Building the API..." >&2
  # Published, not only built: the web app's styles and scripts (wwwroot) go with it, so it serves them in every environment.
  dotnet publish "$root/src/SamenSterker.Api/SamenSterker.Api.csproj" -c Release -o "$build_dir" -v quiet -nologo >&2
  touch "$build_dir/.built" # when the sources last went into this build (ops/run.sh token builds only when one is newer)
}

# A development token needs no database: straight from the built service (built first when a source is newer), in well
# under two seconds once built. Only in Development with Auth:DevelopmentSignIn (the command refuses elsewhere).
if [ "${1:-}" = token ]; then
  stamp="$build_dir/.built"
  if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/SamenSterker.Api" \( -path '*/bin' -o -path '*/obj' \) -prune -o -newer "$stamp" -type f -print -quit)" ]; then
    build_api
  fi
  cd "$build_dir"
  ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} exec dotnet SamenSterker.Api.dll "$@"
fi

if [ -z "${SAMENSTERKER_DB:-}" ]; then
  echo "Starting PostgreSQL in $data_dir on port $port" >&2
  pg_start "$data_dir" "$port"
  started_cluster=$PG_STARTED
  pg_create_db "$port" samensterker "$data_dir"
  pg_create_roles "$port" "$data_dir" samensterker
  # Two roles, as in production: the owner migrates the schema, the service runs as a role that owns nothing.
  export SAMENSTERKER_DB_OWNER=$(pg_connection "$port" samensterker samensterker_owner)
  export SAMENSTERKER_DB=$(pg_connection "$port" samensterker samensterker_app)
fi

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

# Demo data: a tool of its own (src/SamenSterker.Seed), built apart from the service, so it runs beside a running one
# without touching its build; it migrates as the owner and writes as the runtime role itself.
if [ "${1:-}" = seed ]; then
  seed_dir=${SAMENSTERKER_SEED_DIR:-$root/.data/seed}
  echo "Building the demo data generator..." >&2
  dotnet build "$root/src/SamenSterker.Seed/SamenSterker.Seed.csproj" -c Release -o "$seed_dir" -v quiet -nologo >&2
  cd "$seed_dir"
  shift
  dotnet SamenSterker.Seed.dll "$@"
  exit $?
fi

build_api

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
cd "$build_dir"
if [ -n "${SAMENSTERKER_DB_OWNER:-}" ]; then
  # The schema (Marten's, Wolverine's, the chain, the access log) as its owner, then the service without the right to change it.
  dotnet SamenSterker.Api.dll migrate >&2
  export Database__ApplySchema=false
fi
if [ $# -gt 0 ]; then
  dotnet SamenSterker.Api.dll "$@"
  exit $?
fi
echo "Samen Sterker on $url (OpenAPI reference: $url/docs). Ctrl-C stops it." >&2
dotnet SamenSterker.Api.dll --urls "$url" &
api_pid=$!
wait "$api_pid"
