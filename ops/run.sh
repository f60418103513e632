#!/usr/bin/env bash
# Runs Samen Sterker on http://127.0.0.1:5080 with a project-local PostgreSQL cluster in .data/
# (kept between runs). With SAMENSTERKER_DB set, uses that database and starts no cluster.
# Ctrl-C stops the API and the cluster it started.
# With arguments, runs that command of the API against the same database instead of serving, e.g.
#   ops/run.sh projections rebuild        (rebuild every projection from the events; stop the API first)
#   ops/run.sh seed --cases 2000          (realistic demo cases through the use cases' own rules; ~250 events a case)
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

if [ -z "${SAMENSTERKER_DB:-}" ]; then
  echo "Starting PostgreSQL in $data_dir on port $port" >&2
  pg_start "$data_dir" "$port"
  started_cluster=1
  pg_create_db "$port" samensterker "$data_dir"
  export SAMENSTERKER_DB="Host=127.0.0.1;Port=$port;Database=samensterker;Username=postgres"
fi

echo "Building the API..." >&2
dotnet build "$root/src/SamenSterker.Api/SamenSterker.Api.csproj" -c Release -o "$build_dir" -v quiet -nologo >&2

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
if [ $# -gt 0 ]; then
  cd "$build_dir"
  dotnet SamenSterker.Api.dll "$@"
  exit $?
fi
echo "Samen Sterker on $url (OpenAPI reference: $url/docs). Ctrl-C stops it." >&2
cd "$build_dir"
# The schema is applied by the API at start-up (Marten creates or updates its tables).
dotnet SamenSterker.Api.dll --urls "$url" &
api_pid=$!
wait "$api_pid"
