#!/usr/bin/env bash
# scripts/test-vscode.sh - the VS Code extension's checks, in order, failing fast. Each step runs
# against a real VS Code 1.139 (code-server 4.139.1, Node extension host) in headless Chromium;
# see extension/harness/README.md.
#   typecheck, unit tests (pure logic, plain Node), build (esbuild), package the .vsix (vsce),
#   install it with --install-extension, integration tests (mocha inside the extension host,
#   from extensionDevelopmentPath: a folder, an untrusted folder, a multi-root .code-workspace),
#   UI tests (Playwright on the installed .vsix).
# Needs `bash scripts/setup.sh vscode` (Node 24 + code-server in .cache/vscode, chromium).
# Artifacts (screenshots, results JSON, workbench logs): artifacts/vscode/.
# Ends with `N passed, N failed`, counting steps.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STEPS_NAME=test-vscode STEPS_PREFIX="vscode: "
# shellcheck source=scripts/lib/steps.sh
. scripts/lib/steps.sh

# Fail early with the fix when the pieces from `scripts/setup.sh vscode` are missing.
node --input-type=module -e "import('./extension/harness/codeserver.mjs').then(m => m.findCodeServer()).catch(e => { console.error(e.message); process.exit(1); })" \
  || { echo "test-vscode: run: bash scripts/setup.sh vscode"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "test-vscode: /usr/bin/chromium missing; run: bash scripts/setup.sh vscode"; exit 1; }

# The harness's own self-test is a developer check (the extension's steps below use every part of
# the harness); VSCODE_SELFTEST=1 adds it.
[ "${VSCODE_SELFTEST:-0}" = 1 ] && step "harness selftest" bash extension/harness/selftest.sh

ART=artifacts/vscode
mkdir -p "$ART"
step "typecheck" npm run typecheck -w extension
step "unit tests" npm run test:unit -w extension
step "build" npm run build -w extension
step "package .vsix" npm run package -w extension
VSIX=$(ls -t extension/claude-provider-vscode-*.vsix | head -1)
EXT_DIR=$(mktemp -d /tmp/cp-vsext-XXXXXX)
trap 'rm -rf "$EXT_DIR"' EXIT
step "install .vsix" node extension/harness/install-vsix.mjs "$VSIX" --extensions-dir "$EXT_DIR"

# Integration tests in the extension host: a temp HOME (~/.claude, ~/.aws), a temp project, a
# stand-in for the Claude Code extension (it registers claudeCode.environmentVariables), and
# recording stand-ins for aws/gcloud/az first on PATH (as the extension host's environment: VS Code
# replaces the server's PATH with the login shell's).
WS=$(mktemp -d /tmp/cp-vsws-XXXXXX)
trap 'rm -rf "$EXT_DIR" "$WS"' EXIT
step "integration tests" node extension/harness/run-extension-tests.mjs --ext extension \
  --tests extension/test/suite/index.cjs --temp-home --workspace "$WS" --disable-workspace-trust --name integration \
  --also-ext extension/test/fixtures/claude-code-stub \
  --env "PATH=$PWD/extension/test/fixtures/bin:$PATH" --env "CP_SIGNIN_LOG=$WS.signin.log"
WS2=$(mktemp -d /tmp/cp-vsws-XXXXXX)
trap 'rm -rf "$EXT_DIR" "$WS" "$WS2"' EXIT
step "integration tests (untrusted workspace)" node extension/harness/run-extension-tests.mjs --ext extension \
  --tests extension/test/suite-untrusted/index.cjs --temp-home --workspace "$WS2" --name untrusted \
  --env "PATH=$PWD/extension/test/fixtures/bin:$PATH" --env "CP_SIGNIN_LOG=$WS2.signin.log"
# A multi-root workspace: a copy of test/fixtures/multiroot (folders alpha and beta), opened from
# its .code-workspace file; the extension follows the active editor's folder.
WS3=$(mktemp -d /tmp/cp-vsws-XXXXXX)
trap 'rm -rf "$EXT_DIR" "$WS" "$WS2" "$WS3"' EXIT
cp -R extension/test/fixtures/multiroot/. "$WS3"
step "integration tests (multi-root workspace)" node extension/harness/run-extension-tests.mjs --ext extension \
  --tests extension/test/suite-multiroot/index.cjs --temp-home --workspace-file "$WS3/multiroot.code-workspace" \
  --disable-workspace-trust --name multiroot --also-ext extension/test/fixtures/claude-code-stub \
  --env "PATH=$PWD/extension/test/fixtures/bin:$PATH"
step "UI tests (installed .vsix)" node extension/test/ui/switcher.ui.mjs --extensions-dir "$EXT_DIR"

summary
[ "$failed" -eq 0 ]
