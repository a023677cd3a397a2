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
npx jest --maxWorkers=2 "$@"
