#!/usr/bin/env bash
# Starts app.js with its database settings taken from the current stack's
# outputs. Run it from this folder after `pulumi up`; set PULUMI_STACK to
# read another stack than the selected one.
set -euo pipefail
cd "$(dirname "$0")"

stack_args=()
if [[ -n "${PULUMI_STACK:-}" ]]; then
  stack_args=(--stack "$PULUMI_STACK")
fi

DATABASE_URL="$(pulumi stack output "${stack_args[@]}" DATABASE_URL --show-secrets)" \
DIRECT_URL="$(pulumi stack output "${stack_args[@]}" DIRECT_URL --show-secrets)" \
  exec node app.js
