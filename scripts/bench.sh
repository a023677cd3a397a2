#!/usr/bin/env bash
# Runs the benchmark (benchmarks/run.ts): API requests per lifecycle step,
# state size, and wall time of the provider against a do-nothing dynamic
# resource, through the real Pulumi CLI and the local emulator. Prints the
# results and overwrites benchmarks/results/latest.json and latest.md.
# Takes about ten minutes on 2 cores; not part of `npm test`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bash scripts/setup.sh

PULUMI_CASEDEV_CLI_DIR="$(bash scripts/pulumi-cli.sh | tail -n1)"
export PULUMI_CASEDEV_CLI_DIR

node -r ts-node/register/transpile-only benchmarks/run.ts
