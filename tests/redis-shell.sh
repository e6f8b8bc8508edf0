#!/usr/bin/env bash
# Starts the tests' throwaway Redis (tests/redis.sh) and opens a shell with MONITORHUB_TEST_REDIS set,
# for running the Redis tests by hand; leaving the shell stops the server and deletes its folder.
# With arguments, runs them instead of a shell, e.g.
#   tests/redis-shell.sh dotnet tests/MonitorHub.Infrastructure.Tests/bin/Debug/net10.0/MonitorHub.Infrastructure.Tests.dll --filter-class '*Redis*'
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/redis.sh
start_redis || exit 1
if [ $# -gt 0 ]; then "$@"; else echo "MONITORHUB_TEST_REDIS=$MONITORHUB_TEST_REDIS (exit to stop the server)"; "${SHELL:-bash}" -i; fi
