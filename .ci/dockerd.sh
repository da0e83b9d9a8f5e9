#!/usr/bin/env bash
# Start or stop a loopback-only Docker Engine for the container tests.
#   .ci/dockerd.sh start   install Debian's docker.io if missing, start dockerd, wait for `docker info`
#   .ci/dockerd.sh stop    stop the dockerd this script started, by its PID
# No bridge and no iptables rules: containers run with --network host, so all traffic stays on
# 127.0.0.1 and the machine's firewall is never touched.
set -euo pipefail

STATE_DIR="${MARGO_DOCKERD_DIR:-/var/lib/margo-dockerd}"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
SOCKET="${MARGO_DOCKERD_SOCKET:-/var/run/docker.sock}"
# 60 s: a cold dockerd on a slow CI machine starts containerd and migrates its data root first.
WAIT_SECONDS="${MARGO_DOCKERD_WAIT_SECONDS:-60}"

start() {
  if [ "$(id -u)" != 0 ]; then
    echo "dockerd.sh: must run as root to start dockerd; run it with sudo." >&2
    exit 2
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io >/dev/null
  fi
  if DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; then
    echo "dockerd.sh: an engine already answers at $SOCKET; using it."
    return 0
  fi
  mkdir -p "$STATE_DIR/data" "$STATE_DIR/exec"
  # setsid: the daemon leaves the caller's process group, so a Ctrl-C in the test run does not kill it.
  setsid dockerd \
    --host "unix://$SOCKET" \
    --bridge=none --iptables=false --ip6tables=false \
    --data-root "$STATE_DIR/data" \
    --exec-root "$STATE_DIR/exec" \
    --pidfile "$STATE_DIR/dockerd.daemon.pid" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 "$((WAIT_SECONDS * 5))"); do
    if DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; then
      echo "dockerd.sh: dockerd $(cat "$PID_FILE") ready at $SOCKET (log $LOG_FILE)."
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "dockerd.sh: dockerd exited during start; last lines of $LOG_FILE:" >&2
      tail -n 20 "$LOG_FILE" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "dockerd.sh: dockerd not ready at $SOCKET after ${WAIT_SECONDS} s; see $LOG_FILE." >&2
  exit 1
}

stop() {
  [ -f "$PID_FILE" ] || { echo "dockerd.sh: no $PID_FILE; nothing to stop."; return 0; }
  local pid
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # dockerd stops its containers (10 s grace each) and containerd; 30 s covers that.
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "dockerd.sh: dockerd $pid still running after 30 s; sending SIGKILL." >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PID_FILE"
  echo "dockerd.sh: dockerd $pid stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: .ci/dockerd.sh start|stop" >&2; exit 2 ;;
esac
