#!/usr/bin/env bash
# Real-editor tests, after `npm run package`:
#   vsix      the .vsix holds the bundles and WASM files, no sources or tests
#   vscode    the mocha suite inside code-server's extension host
#   vscode-restricted  the same host with the workspace untrusted (Restricted Mode)
#   ui        Playwright + chromium drive code-server with the .vsix installed
#   nvim      Neovim 0.7 gets the diagnostics over `flask-guard lsp --stdio`
# One PASS/FAIL line per part; exits non-zero when any part fails.
# Needs scripts/setup-editors.sh [CACHE_DIR] first (same CACHE_DIR, or FLASK_GUARD_EDITORS).
# Usage: scripts/test-e2e.sh [CACHE_DIR]    (E2E_SKIP_PACKAGE=1 reuses dist/ and the .vsix)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${1:-${FLASK_GUARD_EDITORS:-$HOME/.cache/flask-guard-test}}
cd "$ROOT"

if [ ! -f "$CACHE/env.sh" ]; then
  echo "test-e2e: $CACHE/env.sh is missing: run scripts/setup-editors.sh $CACHE first" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$CACHE/env.sh"

passed=0 failed=0
summary=()
part() {
  local name=$1; shift
  local t0=$SECONDS
  echo "=== e2e $name: $*"
  if "$@"; then
    summary+=("PASS $name ($((SECONDS - t0))s)"); passed=$((passed + 1))
  else
    summary+=("FAIL $name ($((SECONDS - t0))s)"); failed=$((failed + 1))
  fi
  echo "${summary[-1]}"
}

build() {
  [ "${E2E_SKIP_PACKAGE:-0}" = 1 ] || npm run --silent package </dev/null || return 1
  npx tsc -b test/e2e
}

part build build
if [ "$failed" -gt 0 ]; then
  echo "test-e2e: the build failed, so no editor test can run"
else
  part vsix node --test out/test/e2e/package-contents.test.js
  part vscode node test/e2e/run-code-server.js
  part vscode-restricted node test/e2e/run-code-server.js --untrusted
  part ui node test/e2e/ui.js
  part nvim bash test/e2e/nvim.sh
fi

echo "=== e2e summary"
printf '%s\n' "${summary[@]}"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
