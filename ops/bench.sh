#!/usr/bin/env bash
# A bounded benchmark on loopback: the Samen Sterker API against the same work as plain SQL on the
# same throw-away PostgreSQL, then a full projection rebuild of what the run produced.
#   ops/bench.sh [cases (default 400)] [concurrent clients (default 8)]
#   SAMENSTERKER_BENCH_DAEMON=Disabled ops/bench.sh   measures the write path without the async projections
#   ops/bench.sh --full [--events N]    the national-scale table of docs/performance.md (ops/bench-full.sh; 10M events, ~19 min)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--full" ]; then shift; exec bash "$root/ops/bench-full.sh" "$@"; fi
source "$root/ops/pg.sh"

cases=${1:-400}
concurrency=${2:-8}
port=${SAMENSTERKER_BENCH_PGPORT:-55434}
url=http://127.0.0.1:5093
work=$(mktemp -d /tmp/samensterker-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  if [ -n "${api_pid:-}" ]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  pg_stop "$work/pg"; rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work/pg" "$port"
pg_create_db "$port" samensterker_bench "$work/pg"
db="Host=127.0.0.1;Port=$port;Database=samensterker_bench;Username=postgres${SAMENSTERKER_BENCH_DB_OPTIONS:-}"

dotnet build "$root/src/SamenSterker.Api/SamenSterker.Api.csproj" -c Release -o "$work/api" -v quiet -nologo >/dev/null
dotnet build "$root/tests/SamenSterker.Benchmarks/SamenSterker.Benchmarks.csproj" -c Release -o "$work/bench" -v quiet -nologo >/dev/null

export ASPNETCORE_ENVIRONMENT=Development SAMENSTERKER_DB="$db" Serilog__MinimumLevel__Default=Warning
export Projections__Daemon=${SAMENSTERKER_BENCH_DAEMON:-Distributed}
(cd "$work/api" && exec dotnet SamenSterker.Api.dll --urls "$url") >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.5; done
token=$(cd "$work/api" && dotnet SamenSterker.Api.dll token --sub p-bench --role professional --team bench)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'); .NET $(dotnet --version)"
dotnet "$work/bench/SamenSterker.Benchmarks.dll" --api "$url" --db "$db" --token "$token" --cases "$cases" --concurrency "$concurrency" \
  --projections "$([ "${SAMENSTERKER_BENCH_DAEMON:-Distributed}" = Disabled ] && echo off || echo on)"
echo "API process after the run: $(grep VmRSS /proc/$api_pid/status | awk '{print $2/1024 " MiB resident"}'), peak $(grep VmHWM /proc/$api_pid/status | awk '{print $2/1024 " MiB"}')"

kill -TERM "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""
echo
echo "Full rebuild of every projection from the events of this run:"
(cd "$work/api" && dotnet SamenSterker.Api.dll projections rebuild) 2>&1 | grep -v '^\['
