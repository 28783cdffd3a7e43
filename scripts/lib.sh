# Shared by the project's scripts: where things live and how to make sure dependencies are installed.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TANDEM_HOME="${TANDEM_HOME:-$ROOT/.tandem}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export KAFKA_PORT="${KAFKA_PORT:-19092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"

# The Node.js every script, test and image runs on (README "Runtime"): the Active LTS line, same major as the
# Dockerfile. Where the machine's node is another major, the pinned build comes from the npm registry (the
# node-linux-<arch> package, plus the npm release that Node version bundles) into .tandem/, integrity-checked,
# and goes first on PATH, so node, npm and npx below (and every child process) are that runtime.
NODE_MAJOR=26
NODE_VERSION=26.12.1
NPM_VERSION=11.20.0 # the npm bundled with Node $NODE_VERSION
declare -A NODE_INTEGRITY=(
  [x64]=sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==
  [arm64]=sha512-8Oxs6Y7rDcKufVIM/zYRSwytj46WOrZk7yFCLTKDcs17bBjAeD9HMAqo97hMfMyxozIud0S4vZCs5WB/3iavNQ==
)
NPM_INTEGRITY=sha512-dF3EDFwbYN+N5RUip+ZYDe0NeURK5BgqKOcvT1iNtUYhTMTl0FwWhBuXrS7KtXyduqyTMS5aaQaregnHDAxNgw==

# Runs a command that fetches from the network up to three times: a registry connection that goes idle mid-install
# (npm's EIDLETIMEOUT, seen on CI) fails the whole run otherwise. npm's own fetch retries do not cover it. What one
# attempt downloaded stays in npm's cache, so the next one resumes rather than restarts.
with_retries() {
  local attempt
  for attempt in 1 2 3; do
    "$@" && return 0
    [ "$attempt" = 3 ] && break
    echo "[net] '$1 $2' failed (attempt $attempt of 3); retrying in $((attempt * 10)) s…" >&2
    sleep $((attempt * 10))
  done
  return 1
}

ensure_node() {
  local home="$TANDEM_HOME/node-v$NODE_VERSION"
  if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]; then return; fi
  if [ ! -x "$home/bin/node" ]; then
    local arch
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "[node] unsupported CPU $(uname -m): install Node.js $NODE_MAJOR yourself" >&2; return 1 ;; esac
    command -v npm >/dev/null || { echo "[node] npm not found: install any Node.js with npm (or Node.js $NODE_MAJOR) first" >&2; return 1; }
    echo "[node] installing Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry into $home (machine has $(node -v 2>/dev/null || echo none))…"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && with_retries npm pack --silent "node-linux-$arch@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    _verify_tarball "$tmp/node-linux-$arch-$NODE_VERSION.tgz" "${NODE_INTEGRITY[$arch]}" &&
      _verify_tarball "$tmp/npm-$NPM_VERSION.tgz" "$NPM_INTEGRITY" || { rm -rf "$tmp"; return 1; }
    # The same layout as nodejs.org's tarball: bin/{node,npm,npx}, lib/node_modules/npm.
    mkdir -p "$tmp/rt/bin" "$tmp/rt/lib/node_modules/npm"
    tar -xzf "$tmp/node-linux-$arch-$NODE_VERSION.tgz" -C "$tmp/rt/bin" --strip-components=2 package/bin/node
    tar -xzf "$tmp/npm-$NPM_VERSION.tgz" -C "$tmp/rt/lib/node_modules/npm" --strip-components=1
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$tmp/rt/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$tmp/rt/bin/npx"
    mkdir -p "$TANDEM_HOME"
    rm -rf "$home" && mv "$tmp/rt" "$home" # complete or absent, never half-installed
    rm -rf "$tmp"
  fi
  export PATH="$home/bin:$PATH"
  hash -r
  echo "[node] using $(command -v node) $(node -v), npm $(npm -v)"
}

_verify_tarball() {
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  [ "$got" = "$2" ] || { echo "[node] integrity mismatch for $(basename "$1"): expected $2, got $got" >&2; return 1; }
}

# Installs from the lockfile when node_modules is missing or was installed from another lockfile.
# `npm install`, not `npm ci`: npm 11.19 writes lockfiles without other platforms' optional binaries
# (@swc/core-darwin-*, …) and then `npm ci` refuses its own lockfile; `npm install` keeps the locked versions.
ensure_dependencies() {
  # Keyed by runtime too: native add-ons (nx, swc, …) are installed for the Node that ran npm.
  local stamp="$ROOT/node_modules/.tandem-lock-hash" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1) node-$(node -v)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "[deps] installing from package-lock.json (first run, lockfile or runtime changed)…"
    (cd "$ROOT" && with_retries npm install --no-audit --no-fund --loglevel=error)
    want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1) node-$(node -v)"
    echo "$want" > "$stamp"
  fi
  ensure_chromium
}

# The dashboard's browser tests (apps/suite-e2e/src/dashboard.e2e-spec.ts, through playwright-core) and its bench
# drive Debian's Chromium: installed with apt when missing (as root, or through passwordless sudo as on CI runners),
# never downloaded at run time. CHROMIUM_PATH names another build.
chromium_path() {
  local c
  for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}
ensure_chromium() {
  chromium_path >/dev/null && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      echo "[deps] Chromium is missing and this user cannot install it: run 'apt-get install chromium' as root (or set CHROMIUM_PATH)" >&2
      return 1
    fi
  fi
  echo "[deps] installing Debian's chromium package (the browser tests' browser)…"
  with_retries "${sudo[@]}" apt-get update -qq
  with_retries "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation 2>&1 >/dev/null |
    { grep -v '^debconf: ' >&2 || true; }
  chromium_path >/dev/null || { echo "[deps] chromium is still missing after apt-get install" >&2; return 1; }
}

ensure_node
