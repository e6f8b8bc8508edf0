#!/usr/bin/env bash
# Throwaway database servers for the tests. Source it, then call start_postgres: it starts a
# PostgreSQL cluster of its own (initdb into a temp folder, trust auth, loopback only, a free port)
# and exports MONITORHUB_TEST_POSTGRES, an Npgsql connection string for a superuser on that server;
# tests that need PostgreSQL create their own databases on it and skip, with a message, only when
# the variable is absent. stop_servers (installed as an EXIT trap by start_postgres) stops the
# server and deletes its folder. Nothing here touches a system PostgreSQL service.
#
#   source tests/servers.sh && start_postgres     # then run tests in this shell
#
# By hand, for a shell of your own: tests/servers-shell.sh

MONITORHUB_PG_DIR=""

_pg_bin() {
  if [ -n "${MONITORHUB_PG_BIN:-}" ]; then echo "$MONITORHUB_PG_BIN"; return; fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && echo "$dir"; done | sort -V | tail -1
}

# A loopback port nothing listens on now (the kernel picks it; a race with another process taking it
# in between only makes pg_ctl fail, which is reported).
_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the server's owner: initdb and postgres refuse to run as root.
_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$MONITORHUB_PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  local bin
  bin=$(_pg_bin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "Installing Debian postgresql for the PostgreSQL tests..."
    # The package's own service is not wanted, only the binaries: a policy-rc.d answering 101 keeps
    # it from starting (only one added here is removed).
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d && policy=added
    fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null 2>&1
    [ "$policy" = added ] && $SUDO rm -f /usr/sbin/policy-rc.d
    bin=$(_pg_bin)
    if [ -z "$bin" ]; then echo "PostgreSQL could not be installed; the PostgreSQL tests will be skipped." >&2; return 1; fi
  fi

  if [ "$(id -u)" = 0 ]; then
    MONITORHUB_PG_OWNER=postgres
    id -u "$MONITORHUB_PG_OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$MONITORHUB_PG_OWNER"
  else
    MONITORHUB_PG_OWNER=$(id -un)
  fi

  MONITORHUB_PG_DIR=$(mktemp -d /tmp/monitorhub-pg.XXXXXX)
  chmod 755 "$MONITORHUB_PG_DIR"
  [ "$(id -u)" = 0 ] && chown "$MONITORHUB_PG_OWNER" "$MONITORHUB_PG_DIR"
  trap stop_servers EXIT

  if ! _as_owner "$bin/initdb" -D "$MONITORHUB_PG_DIR/data" -U monitorhub -A trust -E UTF8 --no-locale >"$MONITORHUB_PG_DIR/initdb.log" 2>&1; then
    echo "initdb failed (see $MONITORHUB_PG_DIR/initdb.log); the PostgreSQL tests will be skipped." >&2
    return 1
  fi

  local port attempt
  for attempt in 1 2 3; do
    port=$(_free_port)
    # fsync off: a throwaway test cluster need not survive a power cut, and fsyncs would make the
    # tests compete for the shared disk. The socket goes into our own folder, not /var/run.
    if _as_owner "$bin/pg_ctl" -D "$MONITORHUB_PG_DIR/data" -l "$MONITORHUB_PG_DIR/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $MONITORHUB_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c jit=off -c autovacuum=off" >/dev/null; then
      export MONITORHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=monitorhub;Database=postgres"
      export MONITORHUB_PG_BIN_DIR="$bin"
      echo "PostgreSQL $("$bin/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)?' | head -1) on 127.0.0.1:$port (data in $MONITORHUB_PG_DIR)"
      return 0
    fi
  done
  echo "PostgreSQL did not start (see $MONITORHUB_PG_DIR/server.log); the PostgreSQL tests will be skipped." >&2
  return 1
}

stop_servers() {
  if [ -n "$MONITORHUB_PG_DIR" ] && [ -d "$MONITORHUB_PG_DIR" ]; then
    if [ -f "$MONITORHUB_PG_DIR/data/postmaster.pid" ]; then
      _as_owner "$(_pg_bin)/pg_ctl" -D "$MONITORHUB_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$MONITORHUB_PG_DIR"
  fi
  MONITORHUB_PG_DIR=""
  unset MONITORHUB_TEST_POSTGRES
}
