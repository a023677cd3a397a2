#!/usr/bin/env bash
# The main job: deploys the root Pulumi project (index.ts) against a local
# case.dev emulator that this script starts and stops, then prints the stack
# outputs. Running it again changes nothing. `npm run demo -- destroy` deletes
# the demo project and the stack.
#
# Everything the demo keeps lives in .demo/ (ignored by git): the emulator's
# data file, the Pulumi file backend and the stack config. The passphrase and
# the API key are throwaway values for the emulator only.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

action="${1:-up}"
if [[ "$action" != "up" && "$action" != "destroy" ]]; then
  echo "demo: unknown action '$action'; use 'up' (default) or 'destroy'" >&2
  exit 2
fi

port="${DEMO_EMULATOR_PORT:-2728}"
demo_dir="$repo_root/.demo"
api_key="sk_case_demo_local_emulator_only"
stack="dev"

bash scripts/setup.sh
PATH="$(bash scripts/pulumi-cli.sh | tail -n1):$PATH"
export PATH

mkdir -p "$demo_dir/backend"
export PULUMI_BACKEND_URL="file://$demo_dir/backend"
export PULUMI_CONFIG_PASSPHRASE="demo-throwaway-passphrase"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset CASEDEV_API_KEY CASEDEV_BASE_URL

echo "demo: starting the case.dev emulator on 127.0.0.1:$port" >&2
node emulator/dist/cli.js --port "$port" --api-key "$api_key" --data-file "$demo_dir/emulator-state.json" \
  > "$demo_dir/emulator.out" 2> "$demo_dir/emulator.log" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if grep -q "listening on" "$demo_dir/emulator.out" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "demo: the emulator exited; its log:" >&2
    cat "$demo_dir/emulator.log" >&2
    exit 1
  fi
  sleep 0.1
done
base_url="$(grep -o 'http://[^ ]*' "$demo_dir/emulator.out" | head -n1)"
if [[ -z "$base_url" ]]; then
  echo "demo: the emulator did not report its address within 10 s; see $demo_dir/emulator.log" >&2
  exit 1
fi

config_file="$demo_dir/Pulumi.$stack.yaml"
if ! pulumi stack select "$stack" --non-interactive 2>/dev/null; then
  pulumi stack init "$stack" --non-interactive
  # Keep the stack's config in .demo/ rather than beside Pulumi.yaml.
  mv "Pulumi.$stack.yaml" "$config_file"
fi
pulumi config set --config-file "$config_file" --stack "$stack" casedev:baseUrl "$base_url"
pulumi config set --config-file "$config_file" --stack "$stack" --secret casedev:apiKey "$api_key"

if [[ "$action" == "destroy" ]]; then
  pulumi destroy --yes --non-interactive --config-file "$config_file" --stack "$stack"
  pulumi stack rm "$stack" --yes --non-interactive
  rm -f "$config_file"
  exit 0
fi

pulumi up --yes --non-interactive --config-file "$config_file" --stack "$stack"

echo
echo "Stack outputs (secrets masked; add --show-secrets to reveal them):"
pulumi stack output --stack "$stack"
