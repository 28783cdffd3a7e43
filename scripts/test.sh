#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run): install, provision the real Kafka and PostgreSQL,
# lint (module boundaries), type check, unit + integration tests of every project, the end-to-end suite
# (the four services as real processes) and the offline checks of docker-compose.yml and k8s/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(date +%s)
# What the work tree looked like before the run: a clean clone (CI) must stay clean; a developer's uncommitted
# work is left out of the comparison, but the run itself may change nothing.
tree_before="$(git status --porcelain --untracked-files=all)"
step() { printf '\n=== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "dependencies"
ensure_dependencies

step "infrastructure"
kafka_was_running=1
bash scripts/infra.sh status >/dev/null 2>&1 || kafka_was_running=0
bash scripts/infra.sh start
# Leave the machine as we found it: stop the broker only if this run started it.
[ "$kafka_was_running" = 1 ] || trap 'bash scripts/infra.sh stop >/dev/null 2>&1 || true' EXIT

rm -rf tmp/test-results tmp/e2e-logs tmp/e2e-screenshots
step "lint"
npx nx run-many -t lint --outputStyle=stream --skip-nx-cache
step "typecheck and published event schemas"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/dashboard/web/tsconfig.json
node -r @swc-node/register tools/export-event-schemas.ts --check
step "unit and integration tests"
npx nx run-many -t test --parallel=2 --outputStyle=stream --skip-nx-cache
step "end-to-end suite"
npx nx run suite-e2e:e2e --outputStyle=stream --skip-nx-cache
step "deployment artifacts"
bash scripts/check-deploy.sh

step "work tree unchanged"
# A first run must leave the clone as it found it: every file the install, the scripts and the tests write is
# either committed or ignored (.gitignore). Anything else is a bug to fix, not to skip.
tree_after="$(git status --porcelain --untracked-files=all)"
changed=""
if [ "$tree_after" != "$tree_before" ]; then
  changed="$(diff <(echo "$tree_before") <(echo "$tree_after") | grep '^[<>]' || true)"
  echo "FAIL: the run changed the work tree (commit it, or ignore what the run generates):" >&2
  echo "$changed" | sed 's/^/  /' >&2
elif [ -z "$tree_after" ]; then
  echo "git status --porcelain: clean"
else
  echo "git status --porcelain: unchanged by the run (the tree had uncommitted changes before it)"
fi

step "summary"
node -e '
  const fs = require("fs"); const dir = "tmp/test-results";
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  for (const r of runs.sort((a, b) => a.project.localeCompare(b.project))) console.log(`  ${r.project}: ${r.passed} passed, ${r.failed} failed`);
  console.log(`${sum("passed")} passed, ${sum("failed")} failed`);
  if (sum("failed") > 0 || sum("passed") === 0) process.exit(1);
'
[ -z "$changed" ] || { echo "FAIL: work tree changed by the run (listed above)" >&2; exit 1; }
