#!/usr/bin/env bash
# scripts/test-wasm.sh - the WASM package's checks, in order, failing fast:
#   1. bindings-wasm/build.sh: wasm32 build, wasm-bindgen (web + nodejs), wasm-opt -Oz, size report
#   2. the package's TypeScript declarations type-check a use of the API (test/types-check.ts)
#   2b. the cross-binding case set: conformance claude-code … --emit (the Rust core's outputs)
#   3. Node tests of the nodejs build: conformance replay (all 73 cases), API, stream decoders
#      against the Rust core, playground helpers and presets, `claude-provider playground`
#   4. the playground end to end in headless Chromium (screenshots in artifacts/)
# Needs `bash scripts/setup.sh` (wasm toolchain, chromium, npm packages). Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
t0=$(date +%s)
say() { printf '\n--> test-wasm: %s (%ss)\n' "$*" "$(($(date +%s) - t0))"; }

[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error

say "build + size report"
bash bindings-wasm/build.sh

say "types: the package's .d.ts (wasm-bindgen + the generated core types) type-checks a real use"
npx tsc -p bindings-wasm/test/tsconfig.json
# the web build as a browser project sees it (DOM types, no Node types)
npx tsc -p bindings-wasm/test/tsconfig.web.json

say "conformance --emit (the Rust core's outputs for every case)"
mkdir -p target
cargo run --release -q -p conformance -- claude-code tests/fixtures/claude-code/captures \
  --emit target/conformance-cases.json >/dev/null
cargo run --release -q -p conformance -- layers tests/fixtures/layers \
  --emit target/conformance-layers.json >/dev/null
# the Rust oracles the stream and browser tests call
cargo build --release -q -p claude-provider-core --example build_request --example decode_stream

# api.test.mjs checks the functions beyond the conformance cases against the Node package and
# cli-playground.test.mjs runs its CLI: build it from this checkout (a no-op when it is current)
npm run --silent build -w bindings-node >/dev/null

say "node tests (nodejs build)"
( cd bindings-wasm && CONFORMANCE_CASES=../target/conformance-cases.json \
    LAYER_CASES=../target/conformance-layers.json node --test \
    test/conformance.test.mjs test/api.test.mjs test/stream.test.mjs test/playground-unit.test.mjs \
    test/cli-playground.test.mjs test/fetch.test.mjs )

say "browser end-to-end (headless chromium)"
( cd bindings-wasm && node --test test/e2e.test.mjs )

say "done"
