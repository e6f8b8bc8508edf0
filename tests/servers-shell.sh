#!/usr/bin/env bash
# Starts the tests' throwaway PostgreSQL (tests/servers.sh) and Redis (tests/redis.sh) and opens a
# shell with MONITORHUB_TEST_POSTGRES and MONITORHUB_TEST_REDIS set, for running their tests by hand;
# leaving the shell stops both and deletes their data. With arguments, runs them instead, e.g.
#   tests/servers-shell.sh dotnet tests/MonitorHub.Infrastructure.Tests/bin/Debug/net10.0/MonitorHub.Infrastructure.Tests.dll --filter-class '*PostgreSql*'
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/servers.sh
start_postgres || exit 1
# After PostgreSQL: start_postgres sets the EXIT trap, start_redis adds its stop to it.
source tests/redis.sh
start_redis || exit 1
if [ $# -gt 0 ]; then "$@"; else echo "MONITORHUB_TEST_POSTGRES=$MONITORHUB_TEST_POSTGRES MONITORHUB_TEST_REDIS=$MONITORHUB_TEST_REDIS (exit to stop the servers)"; "${SHELL:-bash}" -i; fi
