#!/usr/bin/env bash
# bindings-wasm/build.sh - build the npm package claude-provider-wasm and print its size report.
#
#   bash bindings-wasm/build.sh          # after `bash scripts/setup.sh wasm`
#
# 1. cargo (Debian rustc-web + -Zbuild-std, see scripts/setup-wasm.sh) builds the cdylib for
#    wasm32-unknown-unknown with the workspace profile `wasm-release` (opt-level z, LTO,
#    1 codegen unit, panic=abort), in target/ like every other build.
# 2. wasm-bindgen writes the `web` (ES module) and `nodejs` (CommonJS) builds to pkg/web and
#    pkg/node, with the generated types (bindings-types/index.d.ts, as types.d.ts) next to them.
# 3. wasm-opt -Oz (twice) shrinks each .wasm.
# 4. Size report: the web .wasm after wasm-opt, raw and gzipped (-9), against the targets
#    (< 300 KB raw, < 120 KB gzipped). A missed target is reported; it fails the build only
#    with SIZE_STRICT=1.
#
# RUSTFLAGS for the wasm build only: WebAssembly SIMD (`+simd128`, in every browser since 2021
# and Node >= 16.4): the request body scan (core/src/request/json_blocks.rs, via `wide`) uses
# 16-byte compares instead of `wide`'s scalar fallback (wasm build+sign 1.10 ms -> 0.58 ms, and
# 8 KB smaller); `panic=immediate-abort` and no panic locations. On
# wasm32-unknown-unknown a panic message goes nowhere anyway (no stderr), so nothing visible
# is lost; the formatting machinery it would pull in is (about 35 KB).
#
# std is built with `optimize_for_size` (-Zbuild-std-features): smaller sort and string
# routines, same results (-25.7 KB raw, -9 KB gzipped measured on this module).
#
# Lockfile: the wasm build uses target/wasm-lock/Cargo.lock, derived from the committed
# Cargo.lock by one change: idna_adapter pinned to 1.0.x, the adapter's no-Unicode release
# (see its README: Cargo.lock picks the idna back end). `url` then parses ASCII hosts (and
# `xn--` labels) exactly as before and rejects a host with non-ASCII characters, which the
# core reports as an invalid base URL; native builds keep the full ICU4X IDNA (UTS 46).
# The IDNA tables and normalizer were 105 KB raw / 45 KB gzipped of this module.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUST_WEB_PREFIX=${RUST_WEB_PREFIX:-/opt/rust-web}
WASM_TOOLS_PREFIX=${WASM_TOOLS_PREFIX:-/opt/wasm-tools}
WASM_CARGO=$RUST_WEB_PREFIX/bin/wasm-cargo
WASM_BINDGEN=$WASM_TOOLS_PREFIX/bin/wasm-bindgen
WASM_OPT=$WASM_TOOLS_PREFIX/bin/wasm-opt
PROFILE=wasm-release
CRATE=claude_provider_wasm
MAX_RAW=$((300 * 1024))
MAX_GZ=$((120 * 1024))
SIZE_STRICT=${SIZE_STRICT:-0}
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=+simd128"

for t in "$WASM_CARGO" "$WASM_BINDGEN" "$WASM_OPT"; do
  [ -x "$t" ] || { echo "build.sh: $t missing: run bash scripts/setup.sh wasm" >&2; exit 2; }
done
lock_ver=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")
cli_ver=$("$WASM_BINDGEN" --version | awk '{print $2}')
[ "$lock_ver" = "$cli_ver" ] || {
  echo "build.sh: wasm-bindgen CLI $cli_ver != crate $lock_ver in Cargo.lock: rerun bash scripts/setup.sh wasm" >&2
  exit 2
}

t0=$(date +%s%N)
ms() { echo $((($(date +%s%N) - t0) / 1000000)); }

WASM_LOCK=$ROOT/target/wasm-lock/Cargo.lock
mkdir -p "$(dirname "$WASM_LOCK")"
lock_args=(-Zlockfile-path --config "resolver.lockfile-path='$WASM_LOCK'")
if ! cmp -s "$ROOT/Cargo.lock" "$WASM_LOCK.from"; then
  cp "$ROOT/Cargo.lock" "$WASM_LOCK"
  # --offline first: the registry cache usually has idna_adapter 1.0.0 already
  ( cd "$ROOT" && { "$WASM_CARGO" "${lock_args[@]}" update -q -p idna_adapter --precise 1.0.0 --offline 2>/dev/null ||
      "$WASM_CARGO" "${lock_args[@]}" update -q -p idna_adapter --precise 1.0.0; } )
  cp "$ROOT/Cargo.lock" "$WASM_LOCK.from"
fi

echo "==> cargo build -p claude-provider-wasm --profile $PROFILE (wasm32-unknown-unknown)"
# (-Z flags before the subcommand: cargo 1.96 drops the global -Zlockfile-path when the
# subcommand has -Z flags of its own)
( cd "$ROOT" && "$WASM_CARGO" -Zbuild-std-features=optimize_for_size "${lock_args[@]}" \
    build -q -p claude-provider-wasm --profile "$PROFILE" --locked )
WASM=$ROOT/target/wasm32-unknown-unknown/$PROFILE/$CRATE.wasm
echo "    $(stat -c%s "$WASM") bytes from cargo ($(ms) ms)"

rm -rf "$HERE/pkg.new"
pids=()
for target in web nodejs; do
  dir=$HERE/pkg.new/${target/nodejs/node}
  "$WASM_BINDGEN" --target "$target" --out-dir "$dir" "$WASM"
  # the JS-facing types, generated from the core's Rust types (cargo run -p xtask -- gen-types)
  cp "$ROOT/bindings-types/index.d.ts" "$dir/types.d.ts"
  # the two .wasm differ only in their import module names; optimize both at once.
  # -Oz twice and no producers/target_features sections: -0.5 KB raw, -0.3 KB gzipped.
  # --low-memory-unused: nothing lives in the first 1 KiB of memory (Rust puts the stack
  # first, growing down from 1 MiB toward 0), so `load(p + c)` can become `load offset=c (p)`,
  # which differs only for an address in that first KiB: -1.8 KB raw, -0.9 KB gzipped.
  "$WASM_OPT" -Oz -Oz --low-memory-unused --strip-producers --strip-target-features \
    "$dir/${CRATE}_bg.wasm" -o "$dir/${CRATE}_bg.wasm" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
# nodejs output is CommonJS: say so for Node's module resolution inside an ESM package.
printf '{"type": "commonjs"}\n' > "$HERE/pkg.new/node/package.json"
printf '{"type": "module"}\n' > "$HERE/pkg.new/web/package.json"
rm -rf "$HERE/pkg"
mv "$HERE/pkg.new" "$HERE/pkg"
echo "==> wasm-bindgen (web, nodejs) + wasm-opt -Oz ($(ms) ms)"

# ---- size report
report() {
  local f=$1 raw gz
  raw=$(stat -c%s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  awk -v f="${f#"$HERE"/}" -v r="$raw" -v g="$gz" \
    'BEGIN { printf "%-34s %9d bytes (%6.1f KB) raw  %9d bytes (%6.1f KB) gzip -9\n", f, r, r / 1024, g, g / 1024 }'
}
echo
echo "size report (after wasm-opt -Oz; targets: < 300 KB raw, < 120 KB gzipped)"
report "$HERE/pkg/web/${CRATE}_bg.wasm"
report "$HERE/pkg/node/${CRATE}_bg.wasm"
raw=$(stat -c%s "$HERE/pkg/web/${CRATE}_bg.wasm")
gz=$(gzip -9 -c "$HERE/pkg/web/${CRATE}_bg.wasm" | wc -c)
status=ok
[ "$raw" -lt "$MAX_RAW" ] || { echo "SIZE: raw $raw >= $MAX_RAW" >&2; status=over; }
[ "$gz" -lt "$MAX_GZ" ] || { echo "SIZE: gzipped $gz >= $MAX_GZ" >&2; status=over; }
echo "size: $status"
[ "$status" = ok ] || [ "$SIZE_STRICT" != 1 ]
