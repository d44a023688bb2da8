#!/usr/bin/env bash
# scripts/test-vscode.sh - the VS Code extension's checks, in order, failing fast. Each step runs
# against a real VS Code 1.139 (code-server 4.139.1, Node extension host) in headless Chromium;
# see extension/harness/README.md.
#   1. harness self-test: extension/harness/selftest.sh (package, install, mocha in the
#      extension host, failure propagation, UI check)
# Steps still to come (the extension's): unit tests, build, .vsix, integration tests in the
# extension host, UI tests. Add them with `step NAME CMD...` below.
# Needs `bash scripts/setup.sh vscode` (Node 24 + code-server in .cache/vscode, chromium).
# Artifacts (screenshots, results JSON, workbench logs): artifacts/vscode/.
# Ends with `N passed, N failed`, counting steps.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0 failed=0
T_ALL=$(date +%s)
summary() {
  echo
  echo "test-vscode: $(($(date +%s) - T_ALL))s in all"
  echo "$passed passed, $failed failed"
}

# step NAME CMD...: runs CMD; on failure prints the summary and exits with its status.
step() {
  local name=$1 t0 rc
  shift
  echo
  echo "==> [vscode: $name] $*"
  t0=$(date +%s)
  "$@"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "<== [vscode: $name] ok ($(($(date +%s) - t0))s)"
  else
    failed=$((failed + 1))
    echo "<== [vscode: $name] FAILED with exit code $rc ($(($(date +%s) - t0))s)"
    summary
    exit "$rc"
  fi
}

# Fail early with the fix when the pieces from `scripts/setup.sh vscode` are missing.
node --input-type=module -e "import('./extension/harness/codeserver.mjs').then(m => m.findCodeServer()).catch(e => { console.error(e.message); process.exit(1); })" \
  || { echo "test-vscode: run: bash scripts/setup.sh vscode"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "test-vscode: /usr/bin/chromium missing; run: bash scripts/setup.sh vscode"; exit 1; }

# VSCODE_SELFTEST=0 skips the self-test (once the extension's own steps cover the harness)
[ "${VSCODE_SELFTEST:-1}" = 1 ] && step "harness selftest" bash extension/harness/selftest.sh

# The extension's steps go here, for example:
# step "unit tests" npm test -w extension
# step build npm run build -w extension
# step vsix bash -c 'cd extension && npx vsce package --no-dependencies -o ../artifacts/vscode/claude-provider.vsix'
# step "install .vsix" node extension/harness/install-vsix.mjs artifacts/vscode/claude-provider.vsix
# step "integration tests" node extension/harness/run-extension-tests.mjs --ext extension \
#   --tests extension/out/test/suite/index.js --temp-home --name integration
# step "UI tests" node extension/test/ui/run.mjs

summary
[ "$failed" -eq 0 ]
