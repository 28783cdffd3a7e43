#!/usr/bin/env bash
# Provision the real infrastructure for dev, tests and CI on a bare machine (no Docker):
#   - PostgreSQL: the machine's own cluster; started if down, installed if missing. Never stopped here.
#   - Kafka 3.9.1: a single combined broker+controller KRaft node, run straight from Maven Central jars.
#
# Usage: scripts/infra.sh start|stop|status|reset
#   start   ensure Postgres is up, fetch jars (first run only), format storage (once), start the broker
#   stop    stop the broker (SIGTERM, SIGKILL after 30 s)
#   status  report Postgres and Kafka; exit 0 only if both are up
#   reset   stop the broker and wipe its data (jars are kept)
set -euo pipefail

# ---- configuration (all defaults live here) -------------------------------------------------------
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TANDEM_HOME="${TANDEM_HOME:-$REPO/.tandem}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"

KAFKA_VERSION="3.9.1" # keep in sync with infra/kafka/pom.xml (3.9, not 4.x: see the pom)
KAFKA_HOST="127.0.0.1"
PG_TIMEOUT=60    # seconds to wait for Postgres to accept connections
KAFKA_TIMEOUT=90 # seconds to wait for the broker to report it started
STOP_TIMEOUT=30  # seconds between SIGTERM and SIGKILL

POM="$REPO/infra/kafka/pom.xml"
LOG4J="$REPO/infra/kafka/log4j.properties"
KAFKA_HOME="$TANDEM_HOME/kafka"
LIBS="$KAFKA_HOME/libs"
LIBS_MARKER="$LIBS/.complete"
DATA="$KAFKA_HOME/data"
CONFIG="$KAFKA_HOME/server.properties"
LOG="$KAFKA_HOME/broker.log"
PIDFILE="$KAFKA_HOME/broker.pid"
# Logged by KafkaRaftServer once broker and controller are fully up (3.9: "[KafkaRaftServer nodeId=1] Kafka Server started").
READY_LINE="Kafka Server started"

# ---- helpers --------------------------------------------------------------------------------------
say() { echo "[infra] $*"; }
die() { echo "[infra] ERROR: $*" >&2; exit 1; }

# True if something accepts TCP connections on host:port (bash /dev/tcp; no nc needed).
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

pg_up() { command -v pg_isready >/dev/null && pg_isready -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER"; }

# Pid from the pid file, only if that process is alive *and* is our broker (guards against pid reuse).
kafka_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(<"$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $CONFIG" || return 1
  echo "$pid"
}

kafka_up() { kafka_pid >/dev/null && port_open "$KAFKA_HOST" "$KAFKA_PORT"; }

java_cp() { java -cp "$LIBS/*" "-Dlog4j.configuration=file:$LOG4J" "$@"; }

# ---- PostgreSQL -----------------------------------------------------------------------------------
ensure_postgres() {
  if pg_up; then
    say "postgres up on $PGHOST:$PGPORT"
    return
  fi

  local fresh=0
  if [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]] || ! command -v pg_ctlcluster >/dev/null; then
    say "postgres not installed; installing via apt (needs root)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fresh=1
  fi

  local ver
  ver="$(ls /etc/postgresql | head -1)"
  if ((fresh)); then
    # Debian defaults to scram for TCP; dev/CI expects passwordless local TCP like the reference machines.
    sed -ri 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
      "/etc/postgresql/$ver/main/pg_hba.conf"
  fi

  say "starting postgres $ver/main…"
  # Fresh installs may already have started it; "already running" is not an error here.
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>&1 | sed 's/^/[infra]   /' || true
  if ((fresh)); then pg_ctlcluster --skip-systemctl-redirect "$ver" main reload >/dev/null 2>&1 || true; fi
  # Running but on another port than PGPORT? Waiting would not help.
  local cport
  cport="$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" && $4 == "online" { print $3 }')"
  [[ -z "$cport" || "$cport" == "$PGPORT" ]] ||
    die "postgres $ver/main is running on port $cport, but PGPORT=$PGPORT"

  local i
  for ((i = 0; i < PG_TIMEOUT; i++)); do
    if pg_up; then
      say "postgres up on $PGHOST:$PGPORT"
      return
    fi
    sleep 1
  done
  die "postgres did not accept connections on $PGHOST:$PGPORT within ${PG_TIMEOUT}s (see /var/log/postgresql/)"
}

# ---- Kafka ----------------------------------------------------------------------------------------
fetch_jars() {
  # The marker records version + pom hash, so editing the pom triggers a refetch.
  local want
  want="$KAFKA_VERSION $(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$LIBS_MARKER" && "$(<"$LIBS_MARKER")" == "$want" ]]; then
    return
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Kafka jars)"
  say "fetching Kafka $KAFKA_VERSION jars (first run only)…"
  # Copy into a temp dir and swap, so an interrupted fetch never leaves a half-filled libs dir.
  local tmp="$KAFKA_HOME/libs.tmp"
  rm -rf "$tmp"
  # Output goes to a file (shown only on failure): even with -q -B, Maven 3.8 emits stray ANSI resets.
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$KAFKA_HOME/maven.log" 2>&1; then
    cat "$KAFKA_HOME/maven.log" >&2
    die "maven could not fetch the Kafka jars (log: $KAFKA_HOME/maven.log)"
  fi
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  echo "$want" >"$LIBS_MARKER"
  say "$(find "$LIBS" -name '*.jar' | wc -l) jars in $LIBS"
}

# Regenerated on every start (cheap, and picks up changed ports); the data dir is left alone.
write_config() {
  cat >"$CONFIG" <<EOF
# Generated by scripts/infra.sh — edits are overwritten on the next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA

# Single node: every replication factor / ISR must be 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Fast consumer-group joins in tests; topics are created explicitly by the app.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.partitions=3
EOF
}

format_storage() {
  [[ -f "$DATA/meta.properties" ]] && return
  say "formatting kafka storage in $DATA"
  mkdir -p "$DATA"
  local id
  id="$(java_cp kafka.tools.StorageTool random-uuid)"
  java_cp kafka.tools.StorageTool format -t "$id" -c "$CONFIG" 2>&1 | sed 's/^/[infra]   /' ||
    die "formatting kafka storage failed (see output above)"
}

print_log_tail() {
  echo "[infra] ---- last 50 lines of $LOG ----" >&2
  tail -n 50 "$LOG" >&2 || true
}

start_kafka() {
  if kafka_up; then
    say "kafka already running (pid $(kafka_pid)) on $KAFKA_HOST:$KAFKA_PORT"
    return
  fi
  local pid running_port
  if pid="$(kafka_pid)"; then
    # The config is only rewritten while no broker runs, so it describes the running one.
    running_port="$(sed -n 's|^advertised.listeners=PLAINTEXT://.*:\([0-9]*\)$|\1|p' "$CONFIG")"
    [[ "$running_port" == "$KAFKA_PORT" ]] ||
      die "kafka (pid $pid) is running on port $running_port, not $KAFKA_PORT; run 'scripts/infra.sh stop' first to change ports"
    # Alive but not listening: probably still starting (e.g. a concurrent start). Give it the usual time.
    say "kafka (pid $pid) is running but not answering yet; waiting…"
    wait_kafka "$pid" 0
    return
  fi
  [[ -f "$PIDFILE" ]] && { say "removing stale pid file"; rm -f "$PIDFILE"; }
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$KAFKA_HOST" "$port" && die "port $port is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  done

  command -v java >/dev/null || die "java not found (Java 17 required)"
  mkdir -p "$KAFKA_HOME"
  fetch_jars
  write_config
  format_storage

  say "starting kafka $KAFKA_VERSION…"
  touch "$LOG"
  # Only log lines written after this offset count as evidence that *this* start succeeded.
  local offset
  offset="$(stat -c %s "$LOG")"
  # Fully detached: own session (setsid), immune to SIGHUP (nohup), stdio on the log / /dev/null, and every
  # other inherited fd closed, so the broker never keeps a caller's pipe (e.g. a CI harness's stdout) open.
  (
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
      "-Dlog4j.configuration=file:$LOG4J" -cp "$LIBS/*" \
      kafka.Kafka "$CONFIG"
  ) >>"$LOG" 2>&1 </dev/null &
  pid=$! # subshell -> setsid -> nohup -> java all exec in place, so this is the JVM's pid
  echo "$pid" >"$PIDFILE"
  wait_kafka "$pid" "$offset"
}

# Wait until the port answers and the log (after byte $2) shows the started line; bail out early if it dies.
wait_kafka() {
  local pid=$1 offset=$2 start=$SECONDS
  while ((SECONDS - start < KAFKA_TIMEOUT)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      print_log_tail
      die "kafka exited during startup (corrupt or foreign data? 'scripts/infra.sh reset' wipes it)"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" &&
      { ((offset == 0)) || tail -c +$((offset + 1)) "$LOG" | grep -qF "$READY_LINE"; }; then
      say "kafka up on $KAFKA_HOST:$KAFKA_PORT (pid $pid, $((SECONDS - start))s)"
      return
    fi
    sleep 0.5
  done
  print_log_tail
  die "kafka did not start within ${KAFKA_TIMEOUT}s (pid $pid left running; 'scripts/infra.sh stop' to kill it)"
}

stop_kafka() {
  local pid
  if ! pid="$(kafka_pid)"; then
    rm -f "$PIDFILE"
    say "kafka not running"
    return
  fi
  say "stopping kafka (pid $pid)…"
  kill -TERM "$pid" 2>/dev/null || true
  local start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - start >= STOP_TIMEOUT)); then
      say "kafka ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$PIDFILE"
  say "kafka stopped ($((SECONDS - start))s)"
}

# ---- commands -------------------------------------------------------------------------------------
# Serialise start/stop/reset (e.g. parallel CI jobs). The broker does not inherit the lock: start_kafka
# closes every fd above 2 before exec'ing java.
lock() {
  mkdir -p "$KAFKA_HOME"
  exec 9>"$KAFKA_HOME/infra.lock"
  flock 9
}

cmd_status() {
  local rc=0
  if pg_up; then say "postgres: up ($PGHOST:$PGPORT)"; else say "postgres: DOWN ($PGHOST:$PGPORT)"; rc=1; fi
  if kafka_up; then
    say "kafka:    up ($KAFKA_HOST:$KAFKA_PORT, pid $(kafka_pid))"
  else
    say "kafka:    DOWN ($KAFKA_HOST:$KAFKA_PORT)"
    rc=1
  fi
  return $rc
}

case "${1:-}" in
  start)
    lock
    ensure_postgres
    start_kafka
    ;;
  stop)
    lock
    stop_kafka
    ;;
  status) cmd_status ;;
  reset)
    lock
    stop_kafka
    rm -rf "$DATA" "$CONFIG"
    say "kafka data wiped ($DATA)"
    ;;
  *)
    echo "usage: $0 start|stop|status|reset" >&2
    exit 2
    ;;
esac
