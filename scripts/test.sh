#!/usr/bin/env bash
# scripts/test.sh - THE one command that runs everything CI runs, in order, failing fast.
#
#   bash scripts/test.sh          # after `bash scripts/setup.sh` (CI: .ci/run does both)
#
# Steps: rustfmt check, clippy (warnings are errors), the workspace tests (cargo-nextest when
# installed, plus the doctests; else cargo test), then each conformance run listed below (with
# the `aws-sigv4` signer, then again with the built-in one), then the Node package
# (scripts/test-node.sh), the WASM package (scripts/test-wasm.sh: build, size report, Node and
# browser tests) and the VS Code extension (scripts/test-vscode.sh: unit tests, .vsix,
# integration tests in a real VS Code extension host, UI tests).
# Stops at the first failing step. Ends with `N passed, N failed[, N skipped]`, counting steps.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

# Conformance runs: "mode fixture-dir". A missing fixture dir is a failure.
CONFORMANCE=(
  "claude-code tests/fixtures/claude-code/captures"
  "sdk tests/fixtures/sdk/vectors"
  "sigv4-suite tests/fixtures/sigv4-suite"
  "botocore tests/fixtures/sdk/sigv4-botocore"
  "layers tests/fixtures/layers"
  "resign tests/fixtures/claude-code/captures"
)

STEPS_NAME=test.sh
# shellcheck source=scripts/lib/steps.sh
. scripts/lib/steps.sh

step fmt cargo fmt --all -- --check
step clippy cargo clippy --workspace --all-targets -- -D warnings
if command -v cargo-nextest >/dev/null; then
  step tests cargo nextest run --workspace
  step doctests cargo test --workspace --doc
else
  echo "test.sh: cargo-nextest not installed; using cargo test (doctests included)"
  step tests cargo test --workspace
fi

for entry in "${CONFORMANCE[@]}"; do
  read -r mode dir <<<"$entry"
  step "conformance $mode" cargo run --release -q -p conformance -- "$mode" "$dir"
done

# The same runs (the re-signing of every captured SigV4 request included) with the core's
# built-in signer (--no-default-features: no `aws-sigv4` crate), the one the WebAssembly build uses. The
# two signers must agree with every vector; core/src/sigv4.rs also compares them directly.
step "sigv4 unit tests (built-in signer)" cargo test -q -p claude-provider-core --no-default-features --lib sigv4
for entry in "${CONFORMANCE[@]}"; do
  read -r mode dir <<<"$entry"
  step "conformance $mode (built-in signer)" cargo run --release -q -p conformance --no-default-features -- "$mode" "$dir"
done

step node bash scripts/test-node.sh
step wasm bash scripts/test-wasm.sh
step vscode bash scripts/test-vscode.sh

summary
