# Shared by the project's scripts: where things live and how to make sure dependencies are installed.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TANDEM_HOME="${TANDEM_HOME:-$ROOT/.tandem}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export KAFKA_PORT="${KAFKA_PORT:-19092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"

# Installs from the lockfile when node_modules is missing or was installed from another lockfile.
# `npm install`, not `npm ci`: npm 11.19 writes lockfiles without other platforms' optional binaries
# (@swc/core-darwin-*, …) and then `npm ci` refuses its own lockfile; `npm install` keeps the locked versions.
ensure_dependencies() {
  local stamp="$ROOT/node_modules/.tandem-lock-hash" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "[deps] installing from package-lock.json (first run or lockfile changed)…"
    (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
    want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
    echo "$want" > "$stamp"
  fi
}
