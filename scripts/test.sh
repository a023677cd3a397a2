#!/usr/bin/env bash
# Runs every test: unit tests, provider tests against the emulator, and
# end-to-end tests through the real Pulumi CLI. Installs what the tests need
# first: the Node packages and the Pulumi CLI (built from Go modules on the
# first run; later runs reuse the cached build). Extra arguments go to jest,
# for example `npm test -- tests/unit`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bash scripts/setup.sh

PULUMI_CASEDEV_CLI_DIR="$(bash scripts/pulumi-cli.sh | tail -n1)"
export PULUMI_CASEDEV_CLI_DIR

# The end-to-end tests start many CLI processes; two jest workers keep a
# 2-core machine busy without starving the Pulumi engine.
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npx jest --maxWorkers=2 --json --outputFile="$results" "$@" || status=$?

# One plain closing line with the counts, for tools that read the last line.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results" || echo "jest: no results were written" >&2

exit "$status"
