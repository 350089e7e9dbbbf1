#!/usr/bin/env bash
# Installs everything a fresh Debian machine lacks, then the workspace's dependencies.
# Safe to run again: each step is skipped when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

# nodegit compiles libgit2 from source (no prebuilt binary is reachable): it needs these headers.
apt_packages=(git python3 make g++ libssl-dev libkrb5-dev)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version" >&2
  npm install -g "pnpm@$pnpm_version"
fi

# node-gyp compiles on one core unless told otherwise: use them all (nodegit's libgit2 is most of setup).
export JOBS="${JOBS:-max}"
# The store keeps compiled addons, so a second install takes seconds.
pnpm install --frozen-lockfile
