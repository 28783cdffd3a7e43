#!/usr/bin/env bash
# Brings the whole suite up on this machine: dependencies, PostgreSQL + Kafka, the four services and the dashboard
# (built to dist/, running in the background, logs in .tandem/logs), the demo programs, and the URLs to use.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SERVICES=(enrollment:3001 session-tracking:3002 recognition:3003 analytics:3004)
LOGS="$TANDEM_HOME/logs"; RUN="$TANDEM_HOME/run"; ISSUER="$TANDEM_HOME/dev-issuer"
mkdir -p "$LOGS" "$RUN"

ensure_dependencies
bash scripts/infra.sh start
node tools/build.js
node dist/tools/dev-token.js --init "$ISSUER" >/dev/null   # the local identity provider's key pair
DASHBOARD_PORT="${DASHBOARD_PORT:-3000}"
# Recognition's master key for the credentials' signing keys: made once, kept with the demo's data.
CREDENTIALS_KEY_FILE="$TANDEM_HOME/credentials-master-key"
[ -s "$CREDENTIALS_KEY_FILE" ] || (umask 077; node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" > "$CREDENTIALS_KEY_FILE")

for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}"; port="${entry##*:}"; db="tandem_${name//-/_}"
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "CREATE DATABASE $db"
  pidfile="$RUN/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "[up] $name already running (pid $(cat "$pidfile"))"; continue
  fi
  # Another process on the port (e.g. a Tandem started from another checkout) would answer our readiness checks
  # with its own keys and data: refuse clearly instead.
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    echo "[up] port $port ($name) is already in use by another process; stop it (npm run down in its checkout) and retry" >&2
    exit 1
  fi
  echo "[up] starting $name on :$port"
  # Recognition issues verifiable credentials (only it gets the master key), named under the URL outsiders reach it
  # at: the dashboard's same-origin route, which passes the public credential, issuer, status-list and verification
  # routes on without a login (and the caller's address, for the public routes' rate limit).
  credentials=()
  [ "$name" = recognition ] && credentials=(CREDENTIALS_MASTER_KEY="$(cat "$CREDENTIALS_KEY_FILE")" \
    PUBLIC_BASE_URL="http://127.0.0.1:$DASHBOARD_PORT/api/recognition" CREDENTIAL_ISSUERS="demo=Demo Corporation")
  # Detached, with no inherited pipes, so the caller's terminal or CI step can finish.
  env "${credentials[@]}" PORT="$port" DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" KAFKA_BROKERS="$KAFKA_BROKERS" \
    AUTH_ISSUER=tandem-dev AUTH_PUBLIC_KEY_FILE="$ISSUER/public.pem" LOG_LEVEL="${LOG_LEVEL:-info}" \
    setsid nohup node "dist/apps/$name/src/main.js" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
done

for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}"; port="${entry##*:}"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null || { echo "[up] $name exited; last log lines:"; tail -30 "$LOGS/$name.log"; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "[up] $name is not ready; see $LOGS/$name.log"; exit 1; }
done

# The dashboard: its own small server in front of the four services (same origin), with the development login
# (NODE_ENV=development: a local OIDC provider signing with the development issuer's key).
if [ -f "$RUN/dashboard.pid" ] && kill -0 "$(cat "$RUN/dashboard.pid")" 2>/dev/null; then
  echo "[up] dashboard already running (pid $(cat "$RUN/dashboard.pid"))"
elif timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$DASHBOARD_PORT" 2>/dev/null; then
  echo "[up] port $DASHBOARD_PORT (dashboard) is already in use by another process; stop it or set DASHBOARD_PORT" >&2
  exit 1
else
  echo "[up] starting the dashboard on :$DASHBOARD_PORT"
  PORT="$DASHBOARD_PORT" NODE_ENV=development DASHBOARD_DEV_LOGIN=true DEV_ISSUER_DIR="$ISSUER" \
    ENROLLMENT_URL=http://127.0.0.1:3001 SESSION_TRACKING_URL=http://127.0.0.1:3002 \
    RECOGNITION_URL=http://127.0.0.1:3003 ANALYTICS_URL=http://127.0.0.1:3004 \
    setsid nohup node dist/apps/dashboard/src/main.js >>"$LOGS/dashboard.log" 2>&1 < /dev/null &
  echo $! > "$RUN/dashboard.pid"
  for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$DASHBOARD_PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
  curl -fsS "http://127.0.0.1:$DASHBOARD_PORT/health/ready" >/dev/null || { echo "[up] the dashboard did not start; see $LOGS/dashboard.log"; tail -20 "$LOGS/dashboard.log"; exit 1; }
fi

node dist/tools/seed-demo.js --issuer "$ISSUER"

cat <<TXT

Tandem is up.

  dashboard         http://127.0.0.1:$DASHBOARD_PORT
    Log in (development login) as one of the demo people, tenant "demo":
      demo-pm        program manager of the three demo programs (open "New Joiners Buddy Program": six months of history)
      demo-analyst   analyst (ROI assumptions, figures, CSV exports)
      demo-mentor-1  a mentor of the buddy program (badges and progress, rewards, credentials to download and verify)
    or any user id and roles. This login exists only with NODE_ENV=development.
    Anyone can check a credential, without a login, at http://127.0.0.1:$DASHBOARD_PORT/verify

Every API needs a bearer token from the local issuer, e.g.
  TOKEN=\$(npm run -s token -- --tenant demo --roles program-manager,analyst --user demo-pm)
  curl -H "authorization: Bearer \$TOKEN" http://127.0.0.1:3004/programs

  enrollment        http://127.0.0.1:3001   API docs http://127.0.0.1:3001/docs
  session tracking  http://127.0.0.1:3002   API docs http://127.0.0.1:3002/docs
  recognition       http://127.0.0.1:3003   API docs http://127.0.0.1:3003/docs
  analytics         http://127.0.0.1:3004   API docs http://127.0.0.1:3004/docs
  kafka             127.0.0.1:$KAFKA_PORT (topics mentoring.enrollment.v1, mentoring.session-tracking.v1, mentoring.recognition.v1)
  postgres          $PGHOST:$PGPORT (databases tandem_enrollment, tandem_session_tracking, tandem_recognition, tandem_analytics)
  logs              $LOGS/
Stop everything with: npm run down
TXT
