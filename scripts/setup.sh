#!/usr/bin/env bash
# Installs the Node packages when they are missing or older than the lock
# file, and compiles the provider and the emulator. Sourced by demo.sh and
# test.sh; prints progress to stderr.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing Node packages (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

echo "setup: compiling the provider and the emulator" >&2
npm run --silent build >&2
