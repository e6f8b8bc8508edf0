#!/usr/bin/env bash
# Runs every MonitorHub test suite on a fresh Debian machine with the .NET SDK and ends with one
# line: "N passed, N failed" (", N skipped" when any were skipped). Logs go to TestResults/.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The Playwright end-to-end tests drive Debian's Chromium (Playwright's own browser download is
# neither needed nor possible here).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian chromium for the end-to-end tests..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium." >&2; echo "0 passed, 1 failed"; exit 1; }
fi

# The Prometheus tests start Debian's prometheus and prometheus-node-exporter themselves, on free
# loopback ports, and stop them; the packages' own services are not started (or left running) here.
if [ ! -x /usr/bin/prometheus ] || [ ! -x /usr/bin/prometheus-node-exporter ]; then
  echo "Installing Debian prometheus and prometheus-node-exporter for the Prometheus tests..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  # A policy-rc.d answering 101 keeps the packages' services from starting (only one we add is removed).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d && policy=added
  fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus prometheus-node-exporter >/dev/null
  installed=$?
  [ "$policy" = added ] && $SUDO rm -f /usr/sbin/policy-rc.d
  [ "$installed" = 0 ] || { echo "Could not install prometheus." >&2; echo "0 passed, 1 failed"; exit 1; }
fi

# A throwaway PostgreSQL for the tests that run the store on it (stopped by an EXIT trap); if it
# cannot start, those tests are skipped with a message saying so.
source tests/servers.sh
start_postgres || echo "PostgreSQL is not available: its tests will be skipped."
# A throwaway Redis for the tests of what crosses nodes, started after PostgreSQL: servers.sh sets
# the EXIT trap and redis.sh adds its own stop to it. If it cannot start, those tests are skipped.
source tests/redis.sh
start_redis || echo "Redis is not available: its tests will be skipped."

results="TestResults"
mkdir -p "$results"
export MONITORHUB_SCREENSHOTS="$PWD/$results/screenshots"

echo "Building MonitorHub.sln..."
if ! dotnet build MonitorHub.sln -c Debug -nologo -v quiet > "$results/build.log" 2>&1; then
  grep -E "error|Error" "$results/build.log" | head -40
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; skipped=0
# run_suite NAME LABEL [VAR=VALUE...]: runs one test assembly with the given environment, logs it to
# TestResults/LABEL.log and adds its counts to the totals.
run_suite() {
  local suite=$1 label=$2; shift 2
  local dll="tests/MonitorHub.$suite/bin/Debug/net10.0/MonitorHub.$suite.dll"
  local log="$results/$label.log"
  echo "== $label"
  # Colour codes (some CI environments get them) are stripped so the summary can be read.
  env "$@" timeout 900 dotnet "$dll" --results-directory "$results" --report-xunit-junit --no-ansi 2>&1 \
    | sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' > "$log"
  # Failures with their first lines of detail, then the suite's summary.
  grep -E -A6 "^failed " "$log" | grep -v -E "^\s+at " | head -80
  local total f p s
  total=$(grep -E "^\s+total: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  if [ -z "$total" ]; then
    echo "   $label did not report a summary (crashed?); see $log"
    tail -20 "$log"
    failed=$((failed + 1))
    return
  fi
  f=$(grep -E "^\s+failed: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  p=$(grep -E "^\s+succeeded: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  s=$(grep -E "^\s+skipped: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  echo "   total $total, passed ${p:-0}, failed ${f:-0}, skipped ${s:-0}"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
}

for suite in Core.Tests Infrastructure.Tests Web.Tests; do
  run_suite "$suite" "MonitorHub.$suite"
done
# The store's and the API's suites again with PostgreSQL as the store: every test that does not pick a
# provider itself (tests of SQLite's own file, backup or single writer do) runs on a database of its own.
if [ -n "${MONITORHUB_TEST_POSTGRES:-}" ]; then
  for suite in Infrastructure.Tests Web.Tests; do
    run_suite "$suite" "MonitorHub.$suite.PostgreSQL" MONITORHUB_TEST_PROVIDER=PostgreSQL
  done
else
  echo "== PostgreSQL passes of the Infrastructure and Web suites skipped: PostgreSQL did not start (see above)."
fi
run_suite E2E MonitorHub.E2E

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
