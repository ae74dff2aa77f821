#!/usr/bin/env bash
# Installs everything the tests need (idempotent, cached) and runs every test:
# unit, rule tables, CLI, language server, corpus score, scanner against the
# runnable targets, then the real editors (code-server + Chromium, Neovim).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${FLASK_GUARD_CACHE:-$HOME/.cache/flask-guard-test}
mkdir -p "$CACHE" test-results
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n=== %s\n' "$*"; }

# 1. Debian packages: the Python the targets and fix checks run on, Neovim, Chromium, Bandit for the bench.
APT_PACKAGES=(python3-flask python3-jwt python3-flask-login python3-flaskext.wtf python3-flask-httpauth
  python3-marshmallow python3-flask-sqlalchemy neovim chromium libkrb5-dev build-essential pkg-config bandit)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
fi

# 2. npm dependencies, reinstalled only when the lock file changes.
LOCK_HASH=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund >/dev/null || { echo "npm ci failed"; exit 1; }
  echo "$LOCK_HASH" > node_modules/.lock-hash
fi

step "build"
npm run --silent build || { echo "build failed"; exit 1; }

results=()
run() { # name command...
  local name=$1; shift
  step "$name"
  if "$@"; then results+=("PASS $name"); else results+=("FAIL $name"); fi
}

run "unit, rules, CLI, LSP, corpus, scanner (node --test)" npm test --silent
if [ -f scripts/setup-editors.sh ] && [ -f scripts/test-e2e.sh ]; then
  run "editor set-up (code-server, Node 24, Chromium, Neovim)" bash scripts/setup-editors.sh "$CACHE"
  run "real editors (VS Code in code-server, Playwright UI, Neovim)" bash scripts/test-e2e.sh "$CACHE"
fi

step "summary"
printf '%s\n' "${results[@]}"
passed=$(printf '%s\n' "${results[@]}" | grep -c '^PASS')
failed=$(printf '%s\n' "${results[@]}" | grep -c '^FAIL')
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
