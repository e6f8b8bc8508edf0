#!/usr/bin/env bash
# Runs the end-to-end suite N times in a row (default 5) against one build and prints one line per
# run and a summary: the check that a flaky E2E test is gone, not hidden by a retry.
# Usage: tools/e2e-repeat.sh [N]   (after tests/run.sh or `dotnet build MonitorHub.sln` built Debug)
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
dll="tests/MonitorHub.E2E/bin/Debug/net10.0/MonitorHub.E2E.dll"
if [ ! -f "$dll" ]; then
  dotnet build MonitorHub.sln -c Debug -nologo -v quiet > /dev/null || { echo "build failed"; exit 1; }
fi
mkdir -p TestResults/e2e-repeat
bad=0
for i in $(seq 1 "$runs"); do
  log="TestResults/e2e-repeat/run-$i.log"
  start=$(date +%s)
  timeout 900 dotnet "$dll" --no-ansi > "$log" 2>&1
  p=$(grep -E "^\s+succeeded: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  f=$(grep -E "^\s+failed: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  echo "run $i: ${p:-?} passed, ${f:-?} failed in $(( $(date +%s) - start )) s"
  grep -E "^failed " "$log" | sed 's/^/    /'
  if [ "${f:-1}" != "0" ] || [ -z "$p" ]; then bad=$((bad + 1)); fi
done
echo "$runs runs, $bad with a failure"
[ "$bad" -eq 0 ]
