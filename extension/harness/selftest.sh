#!/usr/bin/env bash
# extension/harness/selftest.sh - proves the VS Code test harness works on this machine, with the
# tiny extension in selftest-ext/:
#   1. npm ci in selftest-ext (mocha, @vscode/vsce, playwright-core; skipped when up to date)
#   2. vsce package -> .vsix
#   3. install-vsix.mjs: code-server --install-extension into a fresh extensions dir + list check
#   4. run-extension-tests.mjs: the mocha suite in the extension host (the .vsix is installed too:
#      the development copy must win), with env from extensionEnvironment and the server (HOME)
#   5. the same suite with SELFTEST_FAIL=1 must fail (exit 1, `2 passed, 1 failed`)
#   6. ui-check.mjs: status bar item, click, F1 command, QuickPick, notifications, screenshot
# Needs `bash scripts/setup.sh vscode`. Artifacts (screenshots, results, logs): artifacts/vscode/.
# Ends with `N passed, N failed` (steps) and a timing table.
set -uo pipefail
H=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$H/../.." && pwd)
E=$H/selftest-ext
ART=${VSCODE_ARTIFACTS_DIR:-$ROOT/artifacts/vscode}
mkdir -p "$ART"
RUN=$(mktemp -d /tmp/vsself-XXXXXX)     # short: VS Code's unix sockets live under it
trap 'rm -rf "$RUN"' EXIT
passed=0 failed=0 TIMES=()
T_ALL=$(date +%s%N)

step() {
  local name=$1 t0 rc ms
  shift
  echo "==> [selftest: $name]"
  t0=$(date +%s%N)
  "$@"
  rc=$?
  ms=$((($(date +%s%N) - t0) / 1000000))
  TIMES+=("$(printf '%-22s %6.1f s' "$name" "$(echo "$ms / 1000" | bc -l)")")
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); echo "<== [selftest: $name] ok ($ms ms)"
  else
    failed=$((failed + 1)); echo "<== [selftest: $name] FAILED with exit code $rc ($ms ms)"
    finish
  fi
}
finish() {
  echo "--- selftest timings"
  printf '  %s\n' "${TIMES[@]}"
  echo "selftest: $((($(date +%s%N) - T_ALL) / 1000000)) ms in all; artifacts in $ART"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]; exit $?
}

deps() {
  node --input-type=module -e "import('$H/codeserver.mjs').then(m => m.findCodeServer()).catch(e => { console.error(e.message); process.exit(1); })" || return 1
  local want have=""
  want=$(sha256sum "$E/package-lock.json" 2>/dev/null | cut -d' ' -f1)
  [ -f "$E/node_modules/.selftest-lock.sha256" ] && have=$(cat "$E/node_modules/.selftest-lock.sha256")
  if [ -n "$want" ] && [ "$want" = "$have" ]; then echo "selftest-ext dependencies up to date"; return 0; fi
  ( cd "$E" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
                 else npm install --no-audit --no-fund --loglevel=error; fi ) >"$RUN/npm.log" 2>&1 \
    || { cat "$RUN/npm.log"; echo "npm install in $E failed"; return 1; }
  sha256sum "$E/package-lock.json" | cut -d' ' -f1 > "$E/node_modules/.selftest-lock.sha256"
}

package() {
  ( cd "$E" && ./node_modules/.bin/vsce package --no-dependencies --allow-missing-repository \
      -o "$RUN/harness-selftest.vsix" ) >"$RUN/vsce.log" 2>&1 || { cat "$RUN/vsce.log"; return 1; }
  ls -l "$RUN/harness-selftest.vsix" | awk '{print $5 " bytes: " $NF}'
}

install() { node "$H/install-vsix.mjs" "$RUN/harness-selftest.vsix" --extensions-dir "$RUN/extensions"; }

mocha_ok() {
  VSCODE_HARNESS_MODULES=$E/node_modules node "$H/run-extension-tests.mjs" --ext "$E" --files 'test/**/*.test.js' \
    --name selftest --extensions-dir "$RUN/extensions" --home "$RUN/home" \
    --env SELFTEST_FROM_PAYLOAD=payload-ok --env SELFTEST_EXPECT_HOME="$RUN/home" \
    --server-env SELFTEST_FROM_SERVER=server-ok --timeout 180000 | tee "$RUN/mocha.out"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] && grep -qx '3 passed, 0 failed' "$RUN/mocha.out"
}

mocha_fail() {
  VSCODE_HARNESS_MODULES=$E/node_modules node "$H/run-extension-tests.mjs" --ext "$E" --files 'test/**/*.test.js' \
    --name selftest-fail --home "$RUN/home" --env SELFTEST_FROM_PAYLOAD=payload-ok --env SELFTEST_FAIL=1 \
    --server-env SELFTEST_FROM_SERVER=server-ok --timeout 180000 >"$RUN/fail.out" 2>&1
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -qx '2 passed, 1 failed' "$RUN/fail.out" && grep -q 'FAIL .*SELFTEST_FAIL' "$RUN/fail.out"; then
    echo "injected failure reported: exit 1, $(tail -1 "$RUN/fail.out")"
  else
    cat "$RUN/fail.out"; echo "expected exit 1 and '2 passed, 1 failed', got exit $rc"; return 1
  fi
}

ui_check() { VSCODE_HARNESS_MODULES=$E/node_modules node "$E/ui-check.mjs" --extensions-dir "$RUN/extensions" --run-dir "$RUN/ui"; }

step deps deps
step "vsce package" package
step "install .vsix" install
step "mocha in ext host" mocha_ok
step "failure propagates" mocha_fail
step "UI check" ui_check
finish
