#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL that this script creates, starts and removes.
# Ends with the line "N passed, N failed, N skipped"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib/postgres.sh
source scripts/lib/dotnet.sh
source scripts/lib/chromium.sh
source scripts/lib/node.sh

dotnet_ensure_available
tzdata_ensure_installed
pg_ensure_installed
chromium_ensure_installed
spectral_ensure_installed

work=$(mktemp -d "${TMPDIR:-/tmp}/coordination-test.XXXXXX")
chmod 755 "$work"
data="$work/postgres"
port=$(pg_free_port 20000 29999)
cleanup() {
  pg_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT

pg_init "$data" trust
# Durability settings are off: this cluster lives for one test run and is then deleted.
pg_start "$data" "$port" fsync=off synchronous_commit=off full_page_writes=off max_connections=300
export COORDINATION_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
# What tests leave to look at afterwards (the browser tests' screenshots), kept after the run.
export COORDINATION_TEST_OUTPUT="$PWD/test-output"

echo "== build"
dotnet build Coordination.sln -c Release -nologo -v quiet -clp:ErrorsOnly

echo "== test"
results="$work/results"
status=0
# One project at a time: the process tests kill silos and stop PostgreSQL on a clock, and should
# not share two cores with the in-process clusters of the other projects.
for project in tests/Coordination.Domain.Tests tests/Coordination.Cluster.Tests \
               tests/Coordination.Api.Tests tests/Coordination.Contract.Tests tests/Coordination.Browser.Tests \
               tests/Coordination.Process.Tests; do
  echo "== test $project"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
done

# Sum the counters of every test run (one .trx per test project).
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + p))
  failed=$((failed + f + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "no test results were produced" >&2
  status=1
fi
[ -d "$COORDINATION_TEST_OUTPUT/screenshots" ] && echo "screenshots of the operations page: $COORDINATION_TEST_OUTPUT/screenshots"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit "$status"
