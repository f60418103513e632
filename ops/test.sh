#!/usr/bin/env bash
# Runs the whole test suite against a throw-away PostgreSQL cluster (its own folder and port, so it
# can run beside ops/run.sh), then stops and removes the cluster. Extra arguments go to dotnet test
# (e.g. --filter CheckIn). Results (TRX) land in .test-results/.
#   SAMENSTERKER_TEST_PGPORT  the cluster's port (default 55433)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/ops/pg.sh"

# Its own port: 55433, or the next free one if something (say, a cluster left by a killed run) holds it.
port=$(pg_free_port "${SAMENSTERKER_TEST_PGPORT:-55433}")
dir=$(mktemp -d /tmp/samensterker-test-pg.XXXXXX)
chmod 755 "$dir"
cleanup() { pg_stop "$dir"; rm -rf "$dir"; }
trap cleanup EXIT

echo "Starting a throw-away PostgreSQL in $dir on port $port" >&2
SAMENSTERKER_PG_FSYNC=off pg_start "$dir" "$port"
pg_create_db "$port" samensterker_test "$dir"
pg_create_roles "$port" "$dir" samensterker_test
# The superuser's connection: the tests make databases with it and play an attacker with it. The service under test runs as
# samensterker_app on a database samensterker_owner migrated (tests/…/Support/DatabaseRoles.cs).
export SAMENSTERKER_TEST_DB="Host=127.0.0.1;Port=$port;Database=samensterker_test;Username=postgres;Maximum Pool Size=40"

# The browser tests drive Debian's chromium (Playwright's own download cannot work here).
if [ -z "${SAMENSTERKER_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests (apt-get)" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi

# Wolverine's generated handler code is committed; a handler changed without regenerating it fails here.
bash "$root/ops/codegen.sh" --check

rm -rf "$root/.test-results"
status=0
dotnet test "$root/SamenSterker.sln" --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$root/.test-results" "$@" || status=$?
# How many responses were held to the OpenAPI document, and what broke it (written by the contract check).
if [ -f "$root/.test-results/contract.txt" ]; then cat "$root/.test-results/contract.txt"; fi
exit $status
