#!/usr/bin/env bash
# Neovim 0.7 (Debian `neovim`) receives Flask Guard's diagnostics over
# `flask-guard lsp --stdio` for the example app, FG101 among them.
# Needs: npm run build (dist/cli.js), nvim. Writes test-results/nvim-diagnostics.json.
# Run: bash test/e2e/nvim.sh   (FLASK_GUARD_LSP_CMD overrides the server command)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LSP_CMD=${FLASK_GUARD_LSP_CMD:-node $ROOT/dist/cli.js lsp --stdio}
RESULTS="$ROOT/test-results"
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/examples/flask-app" "$WORK/"
export DIAG_OUT="$RESULTS/nvim-diagnostics.json" LSP_CMD XDG_CACHE_HOME="$WORK/cache" XDG_STATE_HOME="$WORK/state" XDG_DATA_HOME="$WORK/data"
rm -f "$DIAG_OUT"
cd "$WORK/flask-app"
# timeout bounds a hung editor; the script itself waits at most WAIT_MS for diagnostics.
status=0
timeout 60 nvim --headless --clean -u "$ROOT/test/e2e/nvim-lsp-check.lua" app.py </dev/null || status=$?
if [ ! -s "$DIAG_OUT" ]; then
  echo "nvim: no result written (exit $status); is \`$LSP_CMD\` a working language server?" >&2
  exit 1
fi
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (r.error) { console.log("nvim: " + r.error); process.exit(1); }
console.log(`nvim ${r.nvim}: ${r.diagnostics.length} diagnostics`);
for (const d of r.diagnostics) console.log(`  app.py:${d.line}:${d.col}: ${d.code} ${d.message} [${d.source}]`);
if (!r.found) { console.log("nvim: no FG101 diagnostic arrived"); process.exit(1); }
' "$DIAG_OUT"
exit "$status"
