#!/usr/bin/env bash
# Stops what `npm run up` started: the four services and the dashboard (gracefully) and the Kafka broker.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
for pidfile in "$TANDEM_HOME"/run/*.pid; do
  [ -e "$pidfile" ] || continue
  pid="$(cat "$pidfile")"; name="$(basename "$pidfile" .pid)"
  if kill -0 "$pid" 2>/dev/null; then
    echo "[down] stopping $name"; kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
bash "$ROOT/scripts/infra.sh" stop
