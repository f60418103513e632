#!/usr/bin/env bash
# The audit figures, on loopback against a throw-away PostgreSQL:
#   1. what the access log adds to GET /api/cases/{id} (two API instances, with and without it, alternating);
#   2. streaming one case's whole history of N events as NDJSON and as CSV: time, size, and the API's memory;
#   3. `audit verify` over M events in M/100 cases.
#   ops/bench-audit.sh [events in the long case (default 100000)] [events to verify (default 1000000)]
# Events for 2 and 3 are inserted with SQL into mt_events, so the chain trigger links each one as in production.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/ops/pg.sh"

long=${1:-100000}
many=${2:-1000000}
port=${SAMENSTERKER_BENCH_PGPORT:-55435}
with_log=http://127.0.0.1:5094
without_log=http://127.0.0.1:5095
work=$(mktemp -d /tmp/samensterker-bench-audit.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pg_stop "$work/pg"; rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work/pg" "$port"
pg_create_db "$port" samensterker_bench "$work/pg"
db="Host=127.0.0.1;Port=$port;Database=samensterker_bench;Username=postgres"
psql_db() { pg_as_owner psql -h "$work/pg" -p "$port" -U postgres -d samensterker_bench -v ON_ERROR_STOP=1 -qAt "$@"; }

dotnet build "$root/src/SamenSterker.Api/SamenSterker.Api.csproj" -c Release -o "$work/api" -v quiet -nologo >/dev/null
dotnet build "$root/tests/SamenSterker.Benchmarks/SamenSterker.Benchmarks.csproj" -c Release -o "$work/bench" -v quiet -nologo >/dev/null

export ASPNETCORE_ENVIRONMENT=Development SAMENSTERKER_DB="$db" Serilog__MinimumLevel__Default=Warning Projections__Daemon=Disabled
(cd "$work/api" && exec dotnet SamenSterker.Api.dll --urls "$with_log") >"$work/api-with-log.log" 2>&1 &
pids+=($!); api_pid=$!
for _ in $(seq 1 120); do curl -sf "$with_log/health/ready" >/dev/null && break; sleep 0.5; done
(cd "$work/api" && AccessLog__Enabled=false exec dotnet SamenSterker.Api.dll --urls "$without_log") >"$work/api-without-log.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "$without_log/health/ready" >/dev/null && break; sleep 0.5; done
token=$(cd "$work/api" && dotnet SamenSterker.Api.dll token --sub p-bench --role professional --team bench)
auditor=$(cd "$work/api" && dotnet SamenSterker.Api.dll token --sub a-bench --role auditor)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'); .NET $(dotnet --version)"
echo
echo "== 1. The access log's cost"
dotnet "$work/bench/SamenSterker.Benchmarks.dll" access-log --api "$with_log" --api-without-log "$without_log" --token "$token"

echo
echo "== 2. One case with $long events, exported"
case_id=$(curl -s -X POST "$with_log/api/cases" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"clientReference": "B-LONG", "clientName": "Benchmark client", "kind": "family", "teamId": "bench", "checkInMoments": {"intervalMonths": 3}}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
clock=$(date +%s.%N)
psql_db <<SQL
insert into samensterker.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name, correlation_id)
select nextval('samensterker.mt_events_sequence'), gen_random_uuid(), '$case_id', v,
       jsonb_build_object('feedbackId', gen_random_uuid(), 'givenOn', '2026-11-20', 'from', 'Client',
                          'goesWell', 'Ze luistert naar ons, ook als het moeilijk is (' || v || ')', 'couldBeBetter', null, 'keywords', '["luisteren"]'::jsonb),
       'alliance_feedback_given', now(), '*DEFAULT*', 'SamenSterker.Alliance.AllianceFeedbackGiven, SamenSterker.Api', 'p-bench', 'bench-' || v
from generate_series(2, $long) v order by v;
update samensterker.mt_streams set version = $long where id = '$case_id';
SQL
echo "inserted $((long - 1)) events (each linked by the chain trigger) in $(echo "$(date +%s.%N) - $clock" | bc) s"
rss() { awk '/VmRSS/ {print $2}' "/proc/$api_pid/status"; }
for format in application/x-ndjson text/csv; do
  before=$(rss); peak=$before
  clock=$(date +%s.%N)
  curl -s "$with_log/api/cases/$case_id/history" -H "Authorization: Bearer $auditor" -H "Accept: $format" -o "$work/export" &
  curl_pid=$!
  while kill -0 "$curl_pid" 2>/dev/null; do now=$(rss); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.05; done
  wait "$curl_pid"
  elapsed=$(echo "$(date +%s.%N) - $clock" | bc)
  echo "$format: $(wc -l < "$work/export") lines, $(( $(stat -c %s "$work/export") / 1024 / 1024 )) MiB in ${elapsed} s; API resident $((before / 1024)) MiB before, peak $((peak / 1024)) MiB during (+$(((peak - before) / 1024)) MiB)"
done

echo
echo "== 3. audit verify over $many events"
psql_db <<SQL
insert into samensterker.mt_streams (id, type, version, tenant_id)
select ('00000000-0000-4000-8000-' || lpad(to_hex(s), 12, '0'))::uuid, 'case', 100, '*DEFAULT*' from generate_series(1, $many / 100) s;
SQL
clock=$(date +%s.%N)
psql_db <<SQL
insert into samensterker.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name, correlation_id)
select nextval('samensterker.mt_events_sequence'), gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(s), 12, '0'))::uuid, v,
       jsonb_build_object('checkInId', gen_random_uuid(), 'respondentId', 'r1', 'side', 'Client', 'role', 'Parent', 'question', 'Omgang',
                          'form', 'Line', 'value', (v % 100) / 10.0, 'smiley', null, 'mostSatisfied', 'Luistert', 'leastSatisfied', null),
       'score_given', now(), '*DEFAULT*', 'SamenSterker.CheckIns.ScoreGiven, SamenSterker.Api', 'p-bench', 'bench'
from generate_series(1, $many / 100) s, generate_series(1, 100) v order by s, v;
SQL
echo "inserted $many events in $((many / 100)) cases (each linked by the chain trigger) in $(echo "$(date +%s.%N) - $clock" | bc) s"
psql_db -c "analyze"
(cd "$work/api" && dotnet SamenSterker.Api.dll audit verify) 2>&1 | grep -v '^\[' | tail -n 3
