#!/usr/bin/env bash
# A benchmark, not a test: measures the system through its API on a durable PostgreSQL of its own,
# beside anchors measured in the same run on the same machine (pgbench -N on the same server, and a
# plain minimal-API endpoint serving the same JSON), and writes JSON and a markdown table under
# bench/results/.
#
#   ./bench.sh                       phases of 15 s; grows one office to 50,000 cases
#   ./bench.sh --seconds 30 --grow-to 20000
#   ./bench.sh --only reads          only the hot reads (or --only writes: registrations and transitions)
#   ./bench.sh --only reads --trace  also a CPU profile (perf) of the API and the silo through the first
#                                    reads at 32 clients, under .data/bench/traces, with their top functions
#   ./bench.sh --cohosted            the silo serves the API itself (Api__Urls), no API process of its own
#   ./bench.sh --cases 1000000       instead: search and lists with case_directory filled (binary COPY,
#                                    synthetic cases) to 10,000, 100,000 and 1,000,000 (the steps up to N)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
source scripts/lib/postgres.sh
source scripts/lib/dotnet.sh

seconds=15
grow_to=50000
cases=0
only=
trace=
cohosted=
usage="usage: ./bench.sh [--seconds N] [--grow-to N] [--only reads|writes] [--trace] [--cohosted] | ./bench.sh --cases N"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --grow-to) grow_to=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --only) case $2 in reads|writes) only=$2 ;; *) echo "$usage" >&2; exit 2 ;; esac; shift 2 ;;
    --trace) trace=1; shift ;;
    --cohosted) cohosted=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
case $cases in
  0) ;;
  *[!0-9]*|'') echo "$usage (N a number of cases, 1000 or more)" >&2; exit 2 ;;
  *) [ "$cases" -ge 1000 ] || { echo "$usage (N a number of cases, 1000 or more)" >&2; exit 2; } ;;
esac

# One run at a time: a run starts by stopping and deleting .data/bench, the PostgreSQL that a run in
# progress is measuring on. The lock is held until this script and every process it started end.
mkdir -p "$root/.data"
exec 9>"$root/.data/bench.lock"
flock -n 9 || { echo "[bench] another ./bench.sh is running (it holds .data/bench.lock); wait for it to end" >&2; exit 1; }

dotnet_ensure_available
tzdata_ensure_installed
if [ -n "$trace" ]; then
  command -v perf >/dev/null || { echo "[bench] installing Debian's linux-perf for --trace"; apt-get install -y -qq linux-perf >/dev/null; }
fi
pg_ensure_installed

work="$root/.data/bench"
data="$work/postgres"
logs="$work/logs"
pids=()
cleanup() {
  [ ${#pids[@]} -eq 0 ] || { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
  pg_stop "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh, durable cluster every run: fsync and synchronous commit stay on, as in production.
pg_stop "$data"
rm -rf "$work"
mkdir -p "$logs"
pg_port=$(pg_free_port 40000 44999)
pg_init "$data" trust
pg_start "$data" "$pg_port" max_connections=300 shared_buffers=512MB shared_preload_libraries=pg_stat_statements
pg_psql "$data" "$pg_port" -c "CREATE DATABASE coordination" -c "CREATE DATABASE pgbench"
pg_psql "$data" "$pg_port" -d coordination -c "CREATE EXTENSION pg_stat_statements"
pgbench="$(pg_bin_dir)/pgbench"
# The search run has no pgbench anchor.
[ "$cases" -gt 0 ] || pg_as_owner "$pgbench" -i -q -s 10 -h "$data" -p "$pg_port" -U postgres pgbench >"$logs/pgbench-init.log" 2>&1

echo "[bench] building (Release); restoring dotnet-gcdump (measures the silo's heap)"
dotnet tool restore >/dev/null
dotnet build Coordination.sln -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
# perf names the silo's and the API's JIT-compiled methods from /tmp/perf-PID.map.
[ -z "$trace" ] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
silo_dir="$root/Silo/bin/Release/net10.0"
api_dir="$root/Api/bin/Release/net10.0"
bench_dir="$root/bench/Coordination.Bench/bin/Release/net10.0"

export ConnectionStrings__Coordination="Host=127.0.0.1;Port=$pg_port;Database=coordination;Username=postgres"
export Authentication__SigningKey="$(head -c 32 /dev/urandom | base64)"
export Coordination__DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)"
export Logging__LogLevel__Default=Warning
silo_port=$(pg_free_port 45000 45999)
gateway_port=$(pg_free_port 46000 46999)
api_port=$(pg_free_port 47000 47999)
plain_port=$(pg_free_port 48000 48999)

(cd "$silo_dir" && dotnet Coordination.Silo.dll migrate >"$logs/migrate.log" 2>&1)
# With --cohosted the silo serves the API on its own URL; otherwise the API is a process of its own, an Orleans client.
(cd "$silo_dir" && exec env Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" Orleans__AdvertisedIPAddress=127.0.0.1 \
  ${cohosted:+Api__Urls="http://127.0.0.1:$api_port"} dotnet Coordination.Silo.dll >"$logs/silo.log" 2>&1) &
pids+=($!)
silo_pid=$!
api_pid=$silo_pid
if [ -z "$cohosted" ]; then
  for _ in $(seq 1 240); do (exec 3<>"/dev/tcp/127.0.0.1/$gateway_port") 2>/dev/null && break; sleep 0.5; done
  (cd "$api_dir" && exec dotnet Coordination.Api.dll --urls "http://127.0.0.1:$api_port" >"$logs/api.log" 2>&1) &
  pids+=($!)
  api_pid=$!
fi
for _ in $(seq 1 240); do
  status=$( { exec 3<>"/dev/tcp/127.0.0.1/$api_port" && printf 'GET /health/ready HTTP/1.0\r\n\r\n' >&3 && head -c 12 <&3; } 2>/dev/null || true)
  case $status in *200*) break ;; esac
  sleep 0.5
done
token=$(cd "$api_dir" && dotnet Coordination.Api.dll mint-token --role automation --office '*' --name bench@coordination)
ops_token=$(cd "$api_dir" && dotnet Coordination.Api.dll mint-token --role operations --name bench-ops@coordination)

if [ "$cases" -gt 0 ]; then
  echo "[bench] PostgreSQL 127.0.0.1:$pg_port (durable), silo, API http://127.0.0.1:$api_port; search and lists up to $cases cases"
else
  echo "[bench] PostgreSQL 127.0.0.1:$pg_port (durable), silo, API http://127.0.0.1:$api_port${cohosted:+ (served by the silo)}; phases of ${seconds}s"
fi
dotnet "$bench_dir/Coordination.Bench.dll" run \
  --api "http://127.0.0.1:$api_port" --plain-port "$plain_port" --token "$token" --ops-token "$ops_token" \
  --postgres "Host=127.0.0.1;Port=$pg_port;Database=coordination;Username=postgres" \
  --pgbench "$pgbench" --pg-host 127.0.0.1 --pg-port "$pg_port" --pgbench-db pgbench \
  --seconds "$seconds" --grow-to "$grow_to" --cases "$cases" --out "$root/bench/results" \
  --silo-pid "$silo_pid" --api-pid "$api_pid" --postmaster-pid "$(head -n 1 "$data/postmaster.pid")" \
  ${only:+--only "$only"} ${trace:+--trace-dir "$work/traces"}

# The profiles' hottest functions (self time) and libraries, beside the report.
if [ -n "$trace" ]; then
  for f in "$work"/traces/*.perf; do
    [ -f "$f" ] || continue
    echo "[bench] $(basename "$f"): CPU by library, then the 45 hottest functions (self)"
    perf report -i "$f" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 12 | sed 's/^/  /'
    perf report -i "$f" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 45 | cut -c1-200 | sed 's/^/  /'
  done
fi

# Where PostgreSQL's time went: the statements of the system (not pgbench's) by total execution time.
report=$(ls -t "$root"/bench/results/*.md | head -n 1)
{
  echo
  echo "## PostgreSQL statements by total time (pg_stat_statements, whole run, coordination database)"
  echo
  echo '| calls | total ms | mean ms | rows | statement |'
  echo '|---:|---:|---:|---:|---|'
  pg_psql "$data" "$pg_port" -d coordination -F '|' -c "
    SELECT calls, round(total_exec_time)::bigint, round(mean_exec_time::numeric, 3), rows,
           left(regexp_replace(query, '\s+', ' ', 'g'), 140)
      FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'coordination')
     ORDER BY total_exec_time DESC LIMIT 15" | sed 's/^/| /; s/$/ |/; s/|\([^ ]\)/| \1/g'
  if [ "$cases" -gt 0 ]; then
    echo
    echo "## The list and search statements (pg_stat_statements, every size and the warm-up together)"
    echo
    echo '| calls | mean ms | max ms | rows | statement from its first FROM case_directory |'
    echo '|---:|---:|---:|---:|---|'
    pg_psql "$data" "$pg_port" -d coordination -F '|' -c "
      SELECT calls, round(mean_exec_time::numeric, 3), round(max_exec_time::numeric, 1), rows,
             left(regexp_replace(substring(query from 'FROM case_directory.*'), '\s+', ' ', 'g'), 400)
        FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'coordination')
         AND query LIKE 'SELECT case_number, office_code, status, version, given_names%'
       ORDER BY total_exec_time DESC LIMIT 20" | sed 's/^/| /; s/$/ |/; s/|\([^ ]\)/| \1/g'
  fi
} >>"$report"
echo "[bench] statement profile added to $report"
