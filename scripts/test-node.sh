#!/usr/bin/env bash
# scripts/test-node.sh - the Node package: builds the napi addon (release) and the TypeScript
# (ESM + CJS), type-checks (tsc --strict), and runs the Node package's tests (node:test): conformance replay through the addon, the generated types against the core's JSON,
# the API, settings loading and the CLI. Run `bash scripts/setup.sh` first (npm ci).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
if [ ! -d node_modules ]; then
  echo "test-node.sh: node_modules is missing: run \`bash scripts/setup.sh\` (npm ci) first" >&2
  exit 1
fi
echo "test-node.sh: build (napi build --release, tsc)"
npm run --silent build -w bindings-node
echo "test-node.sh: typecheck (tsc --strict)"
npm run --silent typecheck -w bindings-node
echo "test-node.sh: npm test -w bindings-node (the wasm package is tested by scripts/test-wasm.sh)"
npm test --silent -w bindings-node
