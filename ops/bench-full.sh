#!/usr/bin/env bash
# The national-scale table of docs/performance.md, in one run on one machine (issue 11). Started by
#   ops/bench.sh --full [--events N] [--burst N]   (default 10,000,000 events, 10,000 reminders: ~19 minutes on
#                                                   2 cores)
# Everything runs against a throw-away PostgreSQL cluster that this script starts and removes:
#   1. cold start of the API on an empty database and again on its schema;
#   2. the HTTP run (open, check-in, read; 8 clients) against the same work as plain SQL: write path alone,
#      then with every projection and the reminder planning running; then at half the API's peak rate for p99;
#   3. seeding realistic cases (ops/run.sh seed) to 1M events, a full rebuild, seeding on to N, a full rebuild;
#   4. on the N-event database: reads by id through the API against plain Npgsql, the team dashboard and the five
#      docs/analytics.md queries (each run twice, the second time counted), and the API's memory;
#   5. the reminder burst: --burst cases (default 10,000) due the same morning on two instances, one killed halfway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/ops/pg.sh"

events=10000000
burst=10000
skip_http=""
skip_scale=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --burst) burst=$2; shift 2 ;;
    --skip-http) skip_http=1; shift ;;   # leave out steps 1-2 (trying the script out)
    --skip-scale) skip_scale=1; shift ;; # leave out steps 3-4
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
events_per_case=250 # a first guess of what the seed writes a case (measured 231-250); the second stage measures it
port=${SAMENSTERKER_BENCH_PGPORT:-55435}
url=http://127.0.0.1:5094
work=$(mktemp -d /tmp/samensterker-bench-full.XXXXXX)
chmod 755 "$work"
api_pid=""
# The burst's two instances: asked to stop, then killed (one that cannot reach its database may not stop by itself).
stop_burst() {
  pkill -TERM -f "SamenSterker.Api.dll --urls http://127.0.0.1:509[56]" || true
  for _ in $(seq 1 20); do pgrep -f "SamenSterker.Api.dll --urls http://127.0.0.1:509[56]" >/dev/null || return 0; sleep 0.5; done
  pkill -KILL -f "SamenSterker.Api.dll --urls http://127.0.0.1:509[56]" || true
}
cleanup() {
  stop_api; stop_burst
  pg_stop "$work/pg"; rm -rf "$work"
}
stop_api() {
  if [ -n "$api_pid" ]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=""; fi
}
trap cleanup EXIT
started=$(date +%s)
say() { echo "[$(( $(date +%s) - started )) s] $*" >&2; }

# A server set up for a database of gigabytes (the defaults are for a laptop): 4 GiB of cache on this 24 GiB
# machine, fewer checkpoints while seeding, statistics per statement for the analysis.
export SAMENSTERKER_PG_SETTINGS="-c shared_buffers=4GB -c max_wal_size=8GB -c checkpoint_timeout=15min -c effective_cache_size=12GB \
  -c work_mem=32MB -c maintenance_work_mem=512MB -c shared_preload_libraries=pg_stat_statements"
pg_start "$work/pg" "$port"
pg_create_db "$port" samensterker_bench "$work/pg"
db="Host=127.0.0.1;Port=$port;Database=samensterker_bench;Username=postgres"
psql_db() { psql -h 127.0.0.1 -p "$port" -U postgres -d samensterker_bench -v ON_ERROR_STOP=1 "$@"; }
psql_db -qc "create extension if not exists pg_stat_statements"
# Where PostgreSQL spent its time since the last call (the evidence behind docs/performance.md).
top_statements() {
  echo "PostgreSQL, top statements by total time ($1):"
  psql_db -Atc "select lpad(round(total_exec_time)::text, 7) || ' ms ' || lpad(calls::text, 8) || ' calls  ' ||
                  left(regexp_replace(query, '\s+', ' ', 'g'), 110)
                from pg_stat_statements order by total_exec_time desc limit 8" | sed 's/^/    /'
  psql_db -qAtc "select pg_stat_statements_reset()" >/dev/null
}

say "building (Release)"
dotnet build "$root/src/SamenSterker.Api/SamenSterker.Api.csproj" -c Release -o "$work/api" -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build "$root/tests/SamenSterker.Benchmarks/SamenSterker.Benchmarks.csproj" -c Release -o "$work/bench" -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build "$root/src/SamenSterker.Seed/SamenSterker.Seed.csproj" -c Release -o "$work/seed" -v quiet -nologo >"$work/build.log" || { cat "$work/build.log"; exit 1; }
export ASPNETCORE_ENVIRONMENT=Development SAMENSTERKER_DB="$db" Serilog__MinimumLevel__Default=Warning
api() { (cd "$work/api" && dotnet SamenSterker.Api.dll "$@"); }
seed() { (cd "$work/seed" && dotnet SamenSterker.Seed.dll "$@"); }

# Starts the API with the given Projections:Daemon mode (not in a subshell: it sets api_pid); ready_ms is the
# time from the start of the process to its first ready answer.
start_api() {
  local t0; t0=$(date +%s%N)
  (cd "$work/api" && Projections__Daemon=$1 exec dotnet SamenSterker.Api.dll --urls "$url") >>"$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 600); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.05; done
  kill -0 "$api_pid" 2>/dev/null || { echo "the API did not start:" >&2; tail -20 "$work/api.log" >&2; exit 1; }
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
# Until every async projection has caught up with the events (so a measured run does not share the machine with
# a catch-up of earlier work).
caught_up() {
  for _ in $(seq 1 600); do
    behind=$(psql_db -Atc "select coalesce((select max(seq_id) from samensterker.mt_events), 0)
      - coalesce((select min(last_seq_id) from samensterker.mt_event_progression where name <> 'HighWaterMark'), 0)")
    [ "$behind" -le 0 ] && return 0
    sleep 0.5
  done
  echo "the projections did not catch up" >&2; return 1
}
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$api_pid/status"; }
peak() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$api_pid/status"; }

out="$work/results.md"
{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
       "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'); .NET $(dotnet --version); $(date -u +%Y-%m-%d)"
} | tee "$out"

if [ -z "$skip_http" ]; then
say "1. cold start"
start_api Distributed; cold_empty=$ready_ms; stop_api
start_api Distributed; cold_schema=$ready_ms
token=$(api token --sub p-bench --role professional --team bench)
echo "cold start to /health/ready: ${cold_empty} ms on an empty database (creates the schema), ${cold_schema} ms on an existing one" | tee -a "$out"

say "2. HTTP: write path alone (no projections running)"
stop_api; start_api Disabled
dotnet "$work/bench/SamenSterker.Benchmarks.dll" --api "$url" --db "$db" --token "$token" --cases 400 --concurrency 8 --projections off \
  | tee "$work/write-only.txt" >&2
say "2. HTTP: with every projection and the reminder planning"
stop_api; start_api Distributed
caught_up # the events of the write-path run
psql_db -qAtc "select pg_stat_statements_reset()" >/dev/null
dotnet "$work/bench/SamenSterker.Benchmarks.dll" --api "$url" --db "$db" --token "$token" --cases 400 --concurrency 8 --projections on \
  | tee "$work/with-projections.txt" >&2
http_rss=$(rss); http_peak=$(peak)
top_statements "the HTTP run with projections" > "$work/top-http.txt"
ratio() { # $1 file: API throughput / plain SQL throughput of the check-in row
  awk -F'|' '/record check-in/ { gsub(/ /, "", $2); v[$2] = $5 } END { printf "%.0f/s vs %.0f/s = %.1f %%", v["API"], v["plainSQL"], 100 * v["API"] / v["plainSQL"] }' "$1"
}
api_peak=$(awk -F'|' '$2 ~ /^ API $/ && /record check-in/ { print $5 + 0 }' "$work/with-projections.txt")
half=$(awk -v p="$api_peak" 'BEGIN { printf "%.1f", p / 2 / 3 }') # cases/s: each case is three operations
quarter=$(awk -v p="$api_peak" 'BEGIN { printf "%.1f", p / 4 / 3 }')
caught_up
say "2. HTTP: open loop at half the peak ($half cases/s) and at a quarter ($quarter cases/s)"
dotnet "$work/bench/SamenSterker.Benchmarks.dll" --api "$url" --db "$db" --token "$token" --cases 600 --concurrency 64 --rate "$half" --api-only \
  | tee "$work/half-peak.txt" >&2
dotnet "$work/bench/SamenSterker.Benchmarks.dll" --api "$url" --db "$db" --token "$token" --cases 300 --concurrency 64 --rate "$quarter" --api-only \
  | grep '^| API' | tee "$work/quarter-peak.txt" >&2
{
  echo
  echo "## HTTP (8 clients, keep-alive; 400 cases = 1,200 operations a run)"
  echo "check-in, write path alone: $(ratio "$work/write-only.txt") of plain SQL"
  echo "check-in, projections and reminder planning running: $(ratio "$work/with-projections.txt") of plain SQL"
  echo "API memory through the HTTP run: ${http_rss} MiB resident, peak ${http_peak} MiB"
  echo
  grep '^|' "$work/with-projections.txt"
  echo
  echo "p99 at half and at a quarter of the peak rate (open loop):"
  grep '^|' "$work/half-peak.txt"
  cat "$work/quarter-peak.txt"
  echo
  cat "$work/top-http.txt"
} | tee -a "$out"
stop_api
fi

if [ -z "$skip_scale" ]; then
first_events=$(( events < 1000000 ? events : 1000000 ))
say "3. seeding to $first_events events"
first_cases=$(( first_events / events_per_case ))
seed --cases "$first_cases" --writers 3 | tee "$work/seed1.txt" >&2
rebuild() { api projections rebuild 2>&1 | grep -v '^\[' | tee "$work/rebuild-$1.txt" >&2; }
count_events() { psql_db -Atc "select count(*) from samensterker.mt_events"; }
n1=$(count_events)
say "3. rebuild at $n1 events"
rebuild 1m
# The cases still needed, at the events per case the first seeding actually wrote (so N means N).
seeded_per_case=$(awk '/^Done:/ { printf "%d", $6 / $2 }' "$work/seed1.txt")
seeded_per_case=${seeded_per_case:-$events_per_case}
more=$(( (events - n1 + seeded_per_case - 1) / seeded_per_case ))
if [ "$more" -gt 0 ]; then
  say "3. seeding on to $events events"
  seed --cases "$more" --first "$first_cases" --writers 3 | tee "$work/seed2.txt" >&2
fi
n2=$(count_events)
say "3. rebuild at $n2 events"
psql_db -qAtc "select pg_stat_statements_reset()" >/dev/null
rebuild n
top_statements "the rebuild at $n2 events" > "$work/top-rebuild.txt"
rate_of() { awk -v n="$1" '/^Done in/ { printf "%.0f", n / $3 }' "$work/rebuild-$2.txt"; }
{
  echo
  echo "## Seeding and rebuilding"
  grep -h '^Done' "$work"/seed*.txt | sed 's/^/seed: /'
  first_rate=$(cat "$work"/seed*.txt | awk '/events\/s$/ && /^  / { print $(NF-1); exit }')
  last_rate=$(cat "$work"/seed*.txt | awk '/events\/s$/ && /^  / { r = $(NF-1) } END { print r }')
  echo "append rate: first stretch ${first_rate} events/s, last stretch ${last_rate} events/s (database $(psql_db -Atc "select pg_size_pretty(pg_database_size(current_database()))"))"
  echo "full rebuild of all projections at $n1 events: $(grep '^Done' "$work/rebuild-1m.txt") = $(rate_of "$n1" 1m) events/s"
  echo "full rebuild of all projections at $n2 events: $(grep '^Done' "$work/rebuild-n.txt") = $(rate_of "$n2" n) events/s"
  grep '^  ' "$work/rebuild-n.txt"
  cat "$work/top-rebuild.txt"
} | tee -a "$out"

say "4. reads, dashboard and analytics at $n2 events"
start_api Distributed; cold_big=$ready_ms
team_token=$(api token --sub p-anna --role professional --team noord)
lead_token=$(api token --sub t-tom --role teamlead --team noord)
dotnet "$work/bench/SamenSterker.Benchmarks.dll" reads --api "$url" --db "$db" --token "$team_token" --team noord --concurrency 8 --rounds 3 \
  | tee "$work/reads.txt" >&2
dashboard_ms() { curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $lead_token" "$url/api/teams/noord/dashboard" | awk '{ printf "%.0f", $1 * 1000 }'; }
dashboard_ms >/dev/null
dash=$(dashboard_ms)
awk '/^```sql$/ { n++; f = sprintf("%s/query-%d.sql", dir, n); next } /^```$/ { f = "" } f { print > f }' dir="$work" "$root/docs/analytics.md"
{
  echo
  echo "## At $n2 events"
  echo "cold start to /health/ready on this database: ${cold_big} ms"
  grep '^|' "$work/reads.txt"
  echo
  echo "team dashboard (GET /api/teams/noord/dashboard, second call): ${dash} ms"
  for q in "$work"/query-*.sql; do
    title=$(head -c 60 "$q" | tr '\n' ' ')
    ms=$( (echo '\timing on'; cat "$q"; cat "$q") | psql_db -q -o /dev/null 2>&1 | awk '/^Time:/ { t = $2 } END { print t }')
    echo "analytics $(basename "$q" .sql): ${ms} ms  ($title…)"
  done
  echo "API memory after the reads: $(rss) MiB resident, peak $(peak) MiB"
  echo "rows: $(psql_db -Atc "select (select count(*) from analytics.scores) || ' scores, ' || (select count(*) from analytics.check_ins) || ' check-ins, ' || (select count(*) from analytics.cases) || ' cases'")"
} | tee -a "$out"
stop_api
fi

say "5. the reminder burst: $burst cases due the same morning, two instances, one killed halfway"
pg_create_db "$port" samensterker_burst "$work/pg"
burst_db="Host=127.0.0.1;Port=$port;Database=samensterker_burst;Username=postgres"
# Today's reminders go out at the moment (a minute or two from now), every day a working day, no holidays.
moment=$(date -u -d "+$(( 60 + burst * 12 / 1000 )) seconds" +%Y-%m-%dT%H:%M:%SZ) # time to open and plan them first
send_at=$(TZ=Europe/Amsterdam date -d "$moment" +%H:%M:%S)
first_on=$(TZ=Europe/Amsterdam date -d "$moment + 7 days" +%Y-%m-%d)
burst_env=(SAMENSTERKER_DB="$burst_db" Projections__Daemon=Distributed Reminders__SendAt="$send_at") # Wolverine's polling as configured
for d in 0 1 2 3 4 5 6; do burst_env+=("Reminders__WorkingDays__$d=$(date -d "2026-11-0$((d + 1))" +%A)"); done
for i in $(seq 0 63); do burst_env+=("Reminders__PublicHolidays__$i=1999-01-01"); done
(cd "$work/api" && env "${burst_env[@]}" dotnet SamenSterker.Api.dll --urls http://127.0.0.1:5095 >>"$work/burst-a.log" 2>&1) &
for _ in $(seq 1 600); do curl -sf http://127.0.0.1:5095/health/ready >/dev/null && break; sleep 0.1; done
(cd "$work/api" && env "${burst_env[@]}" dotnet SamenSterker.Api.dll --urls http://127.0.0.1:5096 >>"$work/burst-b.log" 2>&1) &
for _ in $(seq 1 600); do curl -sf http://127.0.0.1:5096/health/ready >/dev/null && break; sleep 0.1; done
victim=$(pgrep -f "SamenSterker.Api.dll --urls http://127.0.0.1:5095" | head -1)
burst_token=$(api token --sub p-burst --role professional --team burst)
dotnet "$work/bench/SamenSterker.Benchmarks.dll" burst --api-a http://127.0.0.1:5095 --api-b http://127.0.0.1:5096 --db "$burst_db" \
  --token "$burst_token" --cases "$burst" --first-on "$first_on" --moment "$moment" --kill-pid "$victim" | tee "$work/burst.txt" >&2 || true
stop_burst
{
  echo
  echo "## Reminder burst (two instances, Reminders:SendAt = the moment, one killed by SIGKILL when half were delivered)"
  cat "$work/burst.txt"
} | tee -a "$out"
say "done in $(( $(date +%s) - started )) s"
echo
echo "=== results (also for docs/performance.md) ==="
cat "$out"
