#!/usr/bin/env bash
# Runs the benchmarks (docs/benchmarks.md): ensures PostgreSQL and Kafka are up, builds dist/ (the HTTP and
# end-to-end scenarios start the real services from it), then runs bench/run.ts with the given arguments.
#   npm run bench                 full run
#   npm run bench -- --quick      a few minutes
#   npm run bench -- --only relay,consume --pairs 7
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/infra.sh start
node tools/build.js
exec node -r @swc-node/register bench/run.ts "$@"
