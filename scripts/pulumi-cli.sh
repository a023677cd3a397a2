#!/usr/bin/env bash
# Makes the Pulumi CLI, its Node.js language host and the dynamic-provider
# plugin available at the version that matches the pinned @pulumi/pulumi.
#
# Prints the folder that contains the three executables on its last line, so a
# caller can do: PATH="$(scripts/pulumi-cli.sh | tail -n1):$PATH".
#
# The official binaries come from get.pulumi.com, which is not reachable from
# every build machine, so when no matching `pulumi` is on PATH this builds the
# CLI and the language host from Go modules through the Go module proxy. The
# build takes several minutes the first time; the result is cached outside the
# repository, keyed by version, and later runs take a second.
#
# Environment:
#   PULUMI_CASEDEV_CACHE  cache root (default: ${XDG_CACHE_HOME:-~/.cache}/pulumi-casedev-database)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The version of @pulumi/pulumi pinned in package.json, which the CLI and the
# language host must match.
version="3.248.0"

# The language host is its own Go module without version tags, so it is
# required by the pseudo-version of the commit that upstream tagged v3.248.0.
language_host_version="v3.0.0-20260624120734-a88168d865b7"

cache_root="${PULUMI_CASEDEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-casedev-database}"
bin_dir="$cache_root/pulumi-v$version/bin"

log() { echo "pulumi-cli: $*" >&2; }

# The dynamic-provider plugin is a small launcher script shipped inside the
# npm package; the engine looks for it next to the `pulumi` executable.
link_dynamic_provider_plugin() {
  local target_dir="$1"
  local plugin="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

  if [[ ! -f "$plugin" ]]; then
    log "missing $plugin: run 'npm ci' first"
    exit 1
  fi

  ln -sf "$plugin" "$target_dir/pulumi-resource-pulumi-nodejs"
}

installed_version() {
  "$1" version 2>/dev/null | tr -d 'v[:space:]' || true
}

# 1. A matching CLI already on PATH wins.
if on_path="$(command -v pulumi 2>/dev/null)" && [[ "$(installed_version "$on_path")" == "$version" ]]; then
  on_path_dir="$(dirname "$on_path")"

  if [[ -x "$on_path_dir/pulumi-language-nodejs" ]]; then
    mkdir -p "$bin_dir"
    ln -sf "$on_path_dir/pulumi" "$bin_dir/pulumi"
    ln -sf "$on_path_dir/pulumi-language-nodejs" "$bin_dir/pulumi-language-nodejs"
    link_dynamic_provider_plugin "$bin_dir"
    log "using pulumi v$version from $on_path_dir"
    echo "$bin_dir"
    exit 0
  fi
fi

# 2. A cached build.
if [[ -x "$bin_dir/pulumi" && -x "$bin_dir/pulumi-language-nodejs" && -f "$bin_dir/language-host-version" && "$(installed_version "$bin_dir/pulumi")" == "$version" ]]; then
  link_dynamic_provider_plugin "$bin_dir"
  log "using cached pulumi v$version in $bin_dir"
  echo "$bin_dir"
  exit 0
fi

# 3. Build from Go modules.
if ! command -v go >/dev/null 2>&1; then
  log "no 'pulumi' v$version on PATH and no Go toolchain to build one."
  log "Install Go 1.25.11 or newer (https://go.dev/doc/install), or put pulumi v$version and pulumi-language-nodejs on PATH."
  exit 1
fi

log "building pulumi v$version from Go modules into $bin_dir (first run only; takes several minutes)"


cli_dir="$cache_root/pulumi-v$version/build-cli"
host_dir="$cache_root/pulumi-v$version/build-language-host"
mkdir -p "$cli_dir" "$host_dir" "$bin_dir"

export GOFLAGS="-mod=mod"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

# A wrapper module for the CLI: Go ignores the replace directives of
# dependencies, so the upstream replacement is repeated here, and sdk/v3 is
# required at the same version as pkg/v3 so that module selection cannot pick
# an older SDK.
cat > "$cli_dir/go.mod" <<GOMOD
module pulumi-casedev-database/pulumi-cli

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD

cat > "$cli_dir/tools.go" <<'GOSRC'
//go:build tools

// Package tools only pins the command this module builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GOSRC

log "compiling pulumi v$version"
(cd "$cli_dir" && go mod tidy >&2 && go build -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$bin_dir/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2)

# The Node.js language host. After v3.68.0 it became its own Go module, which has no
# version tags and is required by the pseudo-version of the v$version commit.
# Some module proxies do not serve that module at all ("403 This module version
# is not available"). Then the last release that shipped the language host
# inside sdk/v3, v3.68.0, is built instead. The v3.248.0 engine drives that host
# (the end-to-end tests run through it), and the Node.js SDK in node_modules
# still runs the program itself.
write_host_module() {
  local require_line="$1" package="$2"

  cat > "$host_dir/go.mod" <<GOMOD
module pulumi-casedev-database/pulumi-language-nodejs

go 1.25.11

require $require_line

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD

  cat > "$host_dir/tools.go" <<GOSRC
//go:build tools

// Package tools only pins the command this module builds.
package tools

import _ "$package"
GOSRC
}

build_host() {
  local package="$1" host_ldflags="$2"
  (cd "$host_dir" && rm -f go.sum && go mod tidy >&2 && go build -tags osusergo,grpcnotrace -ldflags "$host_ldflags" -o "$bin_dir/pulumi-language-nodejs" "$package" >&2)
}

matching_host="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
fallback_host="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
fallback_sdk="v3.68.0"

log "compiling pulumi-language-nodejs v$version"
write_host_module "$matching_host $language_host_version" "$matching_host"
if build_host "$matching_host" "$ldflags"; then
  echo "v$version" > "$bin_dir/language-host-version"
else
  log "the module proxy does not serve pulumi-language-nodejs v$version; building the language host of sdk/v3 $fallback_sdk instead"
  write_host_module "github.com/pulumi/pulumi/sdk/v3 $fallback_sdk" "$fallback_host"
  build_host "$fallback_host" "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$fallback_sdk"
  echo "$fallback_sdk" > "$bin_dir/language-host-version"
fi

link_dynamic_provider_plugin "$bin_dir"

built_version="$(installed_version "$bin_dir/pulumi")"
if [[ "$built_version" != "$version" ]]; then
  log "built pulumi reports version '$built_version', expected $version"
  exit 1
fi

log "pulumi v$version ready in $bin_dir (language host $(cat "$bin_dir/language-host-version"))"
echo "$bin_dir"
