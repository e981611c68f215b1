#!/usr/bin/env bash
# Runs Coordination on this machine: a PostgreSQL cluster of its own under .data/ (unless
# COORDINATION_POSTGRES gives a connection string to an existing one), the silo(s) and the API.
# A silo or the API that dies is started again (after 1, 2, 4 ... 30 s); only Ctrl+C (SIGINT) or
# SIGTERM stops everything it started. The data stays in .data/ for the next run.
#
#   ./run.sh                      one silo and the API on http://127.0.0.1:5080
#   COORDINATION_SILOS=3 ./run.sh three silos on one machine
#   COORDINATION_API_IN_SILO=1 ./run.sh   the first silo serves the API itself (Api__Urls), no API process
#   ./run.sh --demo               fills an empty system with synthetic cases (the silos run with the
#                                 demo's settings: Silo/appsettings.Demo.json) for the page at /ops
#
# Settings (environment): COORDINATION_POSTGRES, COORDINATION_PG_PORT (54329),
# COORDINATION_API_URL (http://127.0.0.1:5080), COORDINATION_SILOS (1),
# COORDINATION_SILO_PORT (11111), COORDINATION_GATEWAY_PORT (30000), COORDINATION_SILO_METRICS_PORT (9464),
# COORDINATION_API_IN_SILO (0), COORDINATION_DATA (.data: PostgreSQL's cluster, keys, tokens, logs).
set -euo pipefail
# A shell started in the background by a script begins with SIGINT ignored, and bash cannot trap
# a signal ignored on entry: start again with the default handling, so that Ctrl+C always works.
if [ -z "${COORDINATION_RUN_SIGNALS:-}" ]; then
  export COORDINATION_RUN_SIGNALS=1
  exec env --default-signal=INT,TERM "$0" "$@"
fi
cd "$(dirname "$0")"
root=$PWD
demo=0
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    *) printf 'usage: ./run.sh [--demo]\n' >&2; exit 2 ;;
  esac
done
source scripts/lib/postgres.sh
source scripts/lib/dotnet.sh

api_url=${COORDINATION_API_URL:-http://127.0.0.1:5080}
pg_port=${COORDINATION_PG_PORT:-54329}
silos=${COORDINATION_SILOS:-1}
silo_port=${COORDINATION_SILO_PORT:-11111}
gateway_port=${COORDINATION_GATEWAY_PORT:-30000}
# Each silo's Prometheus scrape endpoint (the API's is $api_url/metrics).
metrics_port=${COORDINATION_SILO_METRICS_PORT:-9464}
# Everything this run keeps (PostgreSQL, keys, tokens, logs): .data/ unless COORDINATION_DATA says where.
data="${COORDINATION_DATA:-$root/.data}"
shown=${COORDINATION_DATA:-.data}
logs="$data/logs"
pids=()
own_postgres=0

log() { printf '[run] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

# supervise NAME LOG COMMAND...: runs COMMAND, and runs it again whenever it exits, waiting 1, 2,
# 4 ... 30 s in between (back to 1 s once it has run for a minute). SIGTERM stops COMMAND and it.
# Once stopping, it ignores further signals until COMMAND has exited: Ctrl+C reaches the whole
# process group, so the supervisor hears INT and then run.sh's TERM, and run.sh stops PostgreSQL
# only when the supervisors are gone (a silo shutting down still writes to it).
supervise() {
  local name=$1 output=$2 child=0 backoff=1 started code
  shift 2
  trap 'trap "" TERM INT; [ "$child" -eq 0 ] || { kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; }; exit 0' TERM INT
  while true; do
    started=$SECONDS
    "$@" >>"$output" 2>&1 &
    child=$!
    code=0
    wait "$child" || code=$?
    child=0
    [ $((SECONDS - started)) -lt 60 ] || backoff=1
    log "$name stopped (exit code $code); starting it again in ${backoff}s (log: $output)"
    sleep "$backoff" &
    wait $! || true
    backoff=$((backoff * 2 > 30 ? 30 : backoff * 2))
  done
}

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping the API and the silo(s)"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ "$own_postgres" -eq 1 ]; then
    log "stopping PostgreSQL (data kept in $shown/postgres)"
    pg_stop "$data/postgres"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Answers the HTTP status of a GET on 127.0.0.1, without needing curl.
http_status() {
  local port=$1 path=$2 status
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
  read -r _ status _ <&3 || status=""
  exec 3<&- 3>&-
  printf '%s' "$status"
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls until COMMAND succeeds.
wait_for() {
  local what=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$what did not come up within ${seconds}s; see $logs"
  exit 1
}

port_in_use() { { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null && exec 3<&- 3>&-; }

dotnet_ensure_available
tzdata_ensure_installed
mkdir -p "$logs"
api_port=${api_url##*:}
api_port=${api_port%%/*}
for port in "$api_port" $(seq "$silo_port" $((silo_port + silos - 1))) $(seq "$gateway_port" $((gateway_port + silos - 1))) \
            $(seq "$metrics_port" $((metrics_port + silos - 1))); do
  if port_in_use "$port"; then
    log "port $port is already in use (is Coordination already running?); set COORDINATION_API_URL / COORDINATION_SILO_PORT / COORDINATION_GATEWAY_PORT / COORDINATION_SILO_METRICS_PORT to use others"
    exit 1
  fi
done

if [ -n "${COORDINATION_POSTGRES:-}" ]; then
  connection=$COORDINATION_POSTGRES
  log "using the PostgreSQL given in COORDINATION_POSTGRES"
else
  pg_ensure_installed
  [ -f "$data/postgres-superuser-password" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$data/postgres-superuser-password")
  [ -f "$data/coordination-password" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$data/coordination-password")
  if [ ! -f "$data/postgres/PG_VERSION" ]; then
    cp "$data/postgres-superuser-password" "$data/.pwfile"
    pg_init "$data/postgres" scram-sha-256 "$data/.pwfile"
    rm -f "$data/.pwfile"
  fi
  # A cluster someone else started (another ./run.sh, say) is used, and left running at the end.
  pg_running "$data/postgres" || own_postgres=1
  pg_start "$data/postgres" "$pg_port"
  app_password=$(cat "$data/coordination-password")
  pg_psql "$data/postgres" "$pg_port" -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coordination') THEN
        CREATE ROLE coordination LOGIN PASSWORD '$app_password';
      END IF;
    END \$\$;"
  if [ -z "$(pg_psql "$data/postgres" "$pg_port" -c "SELECT 1 FROM pg_database WHERE datname = 'coordination'")" ]; then
    pg_psql "$data/postgres" "$pg_port" -c "CREATE DATABASE coordination OWNER coordination ENCODING 'UTF8'"
  fi
  connection="Host=127.0.0.1;Port=$pg_port;Database=coordination;Username=coordination;Password=$app_password"
fi
export ConnectionStrings__Coordination="$connection"

# Tokens for local use are signed with a key kept in .data/ (an identity provider replaces this:
# set Authentication__Authority instead).
[ -f "$data/jwt-signing-key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$data/jwt-signing-key")
export Authentication__SigningKey="${Authentication__SigningKey:-$(cat "$data/jwt-signing-key")}"
# The master key wraps each case's own key (personal data in events is sealed with it). Keep it
# apart from the database and its backups: without it, sealed fields cannot be read.
[ -f "$data/master-key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$data/master-key")
export Coordination__DataProtection__MasterKey="${Coordination__DataProtection__MasterKey:-$(cat "$data/master-key")}"

# The referral workflow rules: the silos read the repository's file and pick up edits within seconds.
export Coordination__Rules__Path="${Coordination__Rules__Path:-$root/Silo/rules.yaml}"

log "building (Release)"
dotnet build Coordination.sln -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
silo_dir="$root/Silo/bin/Release/net10.0"
api_dir="$root/Api/bin/Release/net10.0"

log "applying the schema"
(cd "$silo_dir" && dotnet Coordination.Silo.dll migrate >"$logs/migrate.log" 2>&1) || { cat "$logs/migrate.log"; exit 1; }

silo_environment=""
[ "$demo" -eq 0 ] || silo_environment="DOTNET_ENVIRONMENT=Demo"
api_in_silo=${COORDINATION_API_IN_SILO:-0}
for ((i = 0; i < silos; i++)); do
  port=$((silo_port + i)); gateway=$((gateway_port + i))
  # With COORDINATION_API_IN_SILO=1 the first silo serves the API itself (its metrics are then the API's /metrics).
  serves_api=""
  [ "$api_in_silo" != 1 ] || [ "$i" -ne 0 ] || serves_api="Api__Urls=$api_url"
  supervise "silo $i" "$logs/silo-$i.log" env -C "$silo_dir" Orleans__SiloPort="$port" Orleans__GatewayPort="$gateway" \
    Orleans__AdvertisedIPAddress=127.0.0.1 Telemetry__PrometheusPort=$((metrics_port + i)) $serves_api $silo_environment dotnet Coordination.Silo.dll &
  pids+=($!)
  log "silo $i starting (silo port $port, gateway $gateway${serves_api:+, serving the API}, log $shown/logs/silo-$i.log)"
  wait_for "silo $i" 120 bash -c "exec 3<>/dev/tcp/127.0.0.1/$gateway"
done

if [ "$api_in_silo" = 1 ]; then
  log "API served by silo 0"
else
  supervise "the API" "$logs/api.log" env -C "$api_dir" dotnet Coordination.Api.dll --urls "$api_url" &
  pids+=($!)
  log "API starting (log $shown/logs/api.log)"
fi
api_ready() { [ "$(http_status "$api_port" /health/ready)" = 200 ]; }
wait_for "the API" 120 api_ready

(cd "$api_dir" && dotnet Coordination.Api.dll mint-token --local-set) >"$data/tokens.txt"

cat <<TXT

Coordination is running on PostgreSQL ($( [ "$own_postgres" -eq 1 ] && echo "127.0.0.1:$pg_port, data in $shown/postgres" || echo "COORDINATION_POSTGRES"), $silos silo(s)).
  API                $api_url
  API reference      $api_url/reference   (OpenAPI document: $api_url/openapi/v1.json)
  Operations page    $api_url/ops          (sign in at $api_url/sign-in with the operations token below)
  Orleans dashboard  $api_url/dashboard/
  Metrics            $api_url/metrics (operations token), silos http://127.0.0.1:$metrics_port/metrics ...
  Readiness          $api_url/health/ready

Tokens, one per role, valid 12 hours (also in $shown/tokens.txt; mint others with
  (cd Api/bin/Release/net10.0 && dotnet Coordination.Api.dll mint-token --role caseworker --office TAP)):
$(cat "$data/tokens.txt")

Try it:
  TOKEN=\$(awk '\$1 == "caseworker@ACA" { print \$2 }' $shown/tokens.txt)
  curl -s -X POST $api_url/cases -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"officeCode":"ACA","givenNames":"Maria","familyNames":"Lopez","sex":"Female","birthDate":"1994-03-02","nationality":"HND","languages":["es"]}'
A silo or the API that stops is started again. Press Ctrl+C to stop everything.
TXT

if [ "$demo" -eq 1 ]; then
  log "demo: filling the system with synthetic cases through the API (log $shown/logs/demo.log); watch $api_url/ops"
  (dotnet "$root/demo/Coordination.Demo/bin/Release/net10.0/Coordination.Demo.dll" --url "$api_url" >"$logs/demo.log" 2>&1 \
    && log "demo: $(head -n 2 "$logs/demo.log" | tail -n 1)" || log "demo: failed, see $shown/logs/demo.log") &
fi

# The supervisors run until they are told to stop.
wait "${pids[@]}" || true
