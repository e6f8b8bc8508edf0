#!/usr/bin/env bash
# A throwaway Redis for the tests. Source it, then call start_redis: it starts Debian's redis-server
# on a free loopback port with a temporary folder (no persistence) and exports MONITORHUB_TEST_REDIS
# (a StackExchange.Redis configuration string, host:port); tests that need Redis skip, saying so,
# only when that variable is absent. stop_redis stops the server and deletes its folder; start_redis
# adds it to the shell's EXIT trap, after whatever the trap already runs (other servers' cleanup).
# Nothing here touches a system Redis service.
#
#   source tests/redis.sh && start_redis      # then run tests in this shell
#
# By hand, for a shell of your own: tests/servers-shell.sh

MONITORHUB_REDIS_DIR=""
MONITORHUB_REDIS_PORT=""

_redis_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Appends stop_redis to the EXIT trap instead of replacing what is there.
_redis_add_exit_trap() {
  local existing
  existing=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
  case "$existing" in
    *stop_redis*) ;;
    "") trap stop_redis EXIT ;;
    *) trap "$existing; stop_redis" EXIT ;;
  esac
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "Installing Debian redis-server for the Redis tests..."
    # The package's own service is not wanted, only the binary: a policy-rc.d answering 101 keeps it
    # from starting (only one added here is removed).
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d && policy=added
    fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null 2>&1
    [ "$policy" = added ] && $SUDO rm -f /usr/sbin/policy-rc.d
    if ! command -v redis-server >/dev/null 2>&1; then echo "redis-server could not be installed; the Redis tests will be skipped." >&2; return 1; fi
  fi

  MONITORHUB_REDIS_DIR=$(mktemp -d /tmp/monitorhub-redis.XXXXXX)
  _redis_add_exit_trap

  local port attempt
  for attempt in 1 2 3; do
    port=$(_redis_free_port)
    # No snapshots, no append-only file: a throwaway server for pub/sub must not write to the shared disk.
    if redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$MONITORHUB_REDIS_DIR" \
        --pidfile "$MONITORHUB_REDIS_DIR/redis.pid" --logfile "$MONITORHUB_REDIS_DIR/redis.log" --daemonize yes >/dev/null 2>&1; then
      local i
      for i in $(seq 1 50); do
        if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
          MONITORHUB_REDIS_PORT=$port
          export MONITORHUB_TEST_REDIS="127.0.0.1:$port"
          echo "Redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -c3-) on 127.0.0.1:$port (folder $MONITORHUB_REDIS_DIR)"
          return 0
        fi
        sleep 0.1
      done
      [ -f "$MONITORHUB_REDIS_DIR/redis.pid" ] && kill "$(cat "$MONITORHUB_REDIS_DIR/redis.pid")" 2>/dev/null
    fi
  done
  echo "redis-server did not start (see $MONITORHUB_REDIS_DIR/redis.log); the Redis tests will be skipped." >&2
  return 1
}

stop_redis() {
  if [ -n "$MONITORHUB_REDIS_DIR" ] && [ -d "$MONITORHUB_REDIS_DIR" ]; then
    if [ -f "$MONITORHUB_REDIS_DIR/redis.pid" ]; then
      local pid
      pid=$(cat "$MONITORHUB_REDIS_DIR/redis.pid")
      # Our own server only, by its pid; wait for it so the folder can go.
      if kill "$pid" 2>/dev/null; then
        local i
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
    fi
    rm -rf "$MONITORHUB_REDIS_DIR"
  fi
  MONITORHUB_REDIS_DIR=""
  MONITORHUB_REDIS_PORT=""
  unset MONITORHUB_TEST_REDIS
}
