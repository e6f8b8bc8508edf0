#!/usr/bin/env bash
# Starts the tests' throwaway PostgreSQL (tests/servers.sh) and opens a shell with
# MONITORHUB_TEST_POSTGRES set, for running PostgreSQL tests by hand; leaving the shell stops the
# server and deletes its data. With arguments, runs them instead of a shell, e.g.
#   tests/postgres-shell.sh dotnet tests/MonitorHub.Infrastructure.Tests/bin/Debug/net10.0/MonitorHub.Infrastructure.Tests.dll --filter-class '*PostgreSql*'
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/servers.sh
start_postgres || exit 1
if [ $# -gt 0 ]; then "$@"; else echo "MONITORHUB_TEST_POSTGRES=$MONITORHUB_TEST_POSTGRES (exit to stop the server)"; "${SHELL:-bash}" -i; fi
