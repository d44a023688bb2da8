#!/usr/bin/env bash
# scripts/setup-wasm.sh - Rust -> wasm32-unknown-unknown + wasm-bindgen toolchain for a machine
# that reaches only package registries (crates.io, PyPI, npm, Debian): `rustup target add`
# can't download anything there. Idempotent; run as root on Debian 12 (bookworm) x86_64.
#
#   bash scripts/setup.sh wasm            # the usual way (passes this repo's Cargo.lock)
#   bash scripts/setup-wasm.sh            # directly; knobs below
#
# What it does
#   1. apt: libLLVM-NN, lld-NN (wasm-ld), libgit2 and friends (deps of the Debian rust-web
#      packages). Nothing that provides /usr/bin/cargo or /usr/bin/rustc.
#   2. Extracts (dpkg -x, NOT dpkg -i: rustc-web conflicts with rustup) Debian bookworm-security's
#      rustc-web, cargo-web, libstd-rust-web-*, rust-web-src into $RUST_WEB_PREFIX, so the rustup
#      toolchain on PATH is untouched. std for wasm32 is then built from the matching
#      rust-web-src with `-Zbuild-std` (RUSTC_BOOTSTRAP=1).
#   3. patchelf: RPATH $ORIGIN/../lib/x86_64-linux-gnu on rustc/rustdoc (they need
#      librustc_driver); points the sysroot's rust-lld at Debian's lld-NN (rustc's default wasm
#      linker). Nothing is written outside the prefixes.
#   4. Writes wrappers: $RUST_WEB_PREFIX/bin/wasm-cargo, wasm-rustc, env.sh.
#   5. cargo-installs wasm-bindgen-cli at the version in Cargo.lock into $WASM_TOOLS_PREFIX/bin
#      (about 3 minutes the first time).
#   6. npm-installs binaryen (wasm-opt, pure JS/wasm build) into $WASM_TOOLS_PREFIX/npm.
#   7. Optional: INSTALL_WASM_PACK=1 (cargo install wasm-pack, ~3 min),
#      INSTALL_CHROMIUM=1 (apt chromium for browser tests), SELFTEST=1.
#
# Knobs (all optional):
#   RUST_WEB_PREFIX=/opt/rust-web        WASM_TOOLS_PREFIX=/opt/wasm-tools
#   RUST_WEB_DEB_VERSION=1.96.0+dfsg1-1~deb12u2  (falls back to the apt candidate if this exact
#                                         version left the archive)
#   WASM_BINDGEN_VERSION=0.2.130  or  CARGO_LOCK=/path/Cargo.lock (default: this repo's, when it
#                                         has wasm-bindgen; the CLI must equal the crate version)
#   BINARYEN_NPM_VERSION=132.0.0   WASM_PACK_VERSION=0.15.1
#   INSTALL_WASM_PACK=0  INSTALL_CHROMIUM=0  SELFTEST=0
#
# Use: `. /opt/rust-web/env.sh` then `wasm-cargo build --release -p <crate>`; plain `cargo`
# stays rustup's. Don't set strip=true in the wasm profile (wasm-opt then loses the
# target_features section).
set -euo pipefail

RUST_WEB_PREFIX=${RUST_WEB_PREFIX:-/opt/rust-web}
WASM_TOOLS_PREFIX=${WASM_TOOLS_PREFIX:-/opt/wasm-tools}
RUST_WEB_DEB_VERSION=${RUST_WEB_DEB_VERSION:-1.96.0+dfsg1-1~deb12u2}
BINARYEN_NPM_VERSION=${BINARYEN_NPM_VERSION:-132.0.0}
WASM_PACK_VERSION=${WASM_PACK_VERSION:-0.15.1}
INSTALL_WASM_PACK=${INSTALL_WASM_PACK:-0}
INSTALL_CHROMIUM=${INSTALL_CHROMIUM:-0}
SELFTEST=${SELFTEST:-0}
HOST=x86_64-unknown-linux-gnu
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -y -q -o DPkg::Lock::Timeout=600"

log() { printf '\n==> %s\n' "$*" >&2; }
T0=$(date +%s); TS=$T0
step_done() { local now; now=$(date +%s); printf '    [%s: %ss]\n' "$1" "$((now - TS))" >&2; TIMINGS+=("$1: $((now - TS))s"); TS=$now; }
TIMINGS=()

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

# wasm-bindgen version: explicit > from Cargo.lock (this repo's by default) > default
REPO_LOCK="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Cargo.lock"
CARGO_LOCK=${CARGO_LOCK:-$REPO_LOCK}
if [ -z "${WASM_BINDGEN_VERSION:-}" ] && [ -n "${CARGO_LOCK:-}" ] && [ -f "$CARGO_LOCK" ]; then
  WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$CARGO_LOCK")
fi
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

# ---------------------------------------------------------------- 1. apt deps
log "1/6 apt: resolve rustc-web version and install its runtime deps + lld"
have_ver() { apt-cache show "$1=$2" >/dev/null 2>&1; }
# fresh machine (no prefix yet) or version unknown to the local lists: refresh them first
if [ ! -f "$RUST_WEB_PREFIX/.deb-version" ] || ! have_ver rustc-web "$RUST_WEB_DEB_VERSION"; then
  $APT update >/dev/null
fi
VER=$RUST_WEB_DEB_VERSION
if ! have_ver rustc-web "$VER"; then
  VER=$(apt-cache policy rustc-web | awk '/Candidate:/{print $2}')
  echo "WARNING: rustc-web $RUST_WEB_DEB_VERSION not in the archive any more; using candidate $VER" >&2
fi
UPSTREAM=${VER%%+*}                 # 1.96.0
MM=${UPSTREAM%.*}                   # 1.96
case "$MM" in 1.[0-8][0-9]) echo "rustc-web $VER is too old (need >= 1.9x)" >&2; exit 1;; esac
LIBSTD=libstd-rust-web-$MM
LLVM_MAJOR=$(apt-cache show "$LIBSTD=$VER" | awk -F': ' '/^Depends:/{print $2; exit}' | grep -o 'libllvm[0-9]*' | head -1 | tr -dc 0-9)
[ -n "$LLVM_MAJOR" ] || { echo "cannot determine libLLVM version of $LIBSTD=$VER" >&2; exit 1; }
need=()
for p in "libllvm$LLVM_MAJOR" "lld-$LLVM_MAJOR" patchelf libgit2-1.5 libcurl4 libssh2-1 libsqlite3-0 libssl3 gcc libc6-dev binutils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  $APT install --no-install-recommends "${need[@]}" >/dev/null || { $APT update >/dev/null; $APT install --no-install-recommends "${need[@]}" >/dev/null; }
fi
echo "    rustc-web $VER (LLVM $LLVM_MAJOR); installed: ${need[*]:-nothing new}" >&2
step_done "apt deps"

# ------------------------------------------------- 2. extract rust-web debs
log "2/6 rust-web $VER -> $RUST_WEB_PREFIX (dpkg -x, rustup untouched)"
if [ "$(cat "$RUST_WEB_PREFIX/.deb-version" 2>/dev/null)" = "$VER" ] && [ -x "$RUST_WEB_PREFIX/usr/bin/rustc" ] \
   && [ -d "$RUST_WEB_PREFIX/usr/lib/rustlib/src/rust/library/std" ]; then
  echo "    already there" >&2
else
  tmp=$(mktemp -d); chmod 755 "$tmp"
  ( cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download \
      "rustc-web=$VER" "cargo-web=$VER" "libstd-rust-web-dev=$VER" "$LIBSTD=$VER" "rust-web-src=$VER" >/dev/null )
  rm -rf "$RUST_WEB_PREFIX.new"; mkdir -p "$RUST_WEB_PREFIX.new"
  for d in "$tmp"/*.deb; do dpkg -x "$d" "$RUST_WEB_PREFIX.new"; done
  rm -rf "$tmp" "$RUST_WEB_PREFIX.new/usr/share/doc" "$RUST_WEB_PREFIX.new/usr/share/man"
  echo "$VER" > "$RUST_WEB_PREFIX.new/.deb-version"
  rm -rf "$RUST_WEB_PREFIX"; mv "$RUST_WEB_PREFIX.new" "$RUST_WEB_PREFIX"
fi
step_done "extract rust-web debs"

# ------------------------------------------- 3. ld.so + rust-lld + wrappers
log "3/6 RPATH for librustc_driver (patchelf), rust-lld -> lld-$LLVM_MAJOR, wrappers"
# Debian's rustc/rustdoc have no RPATH (they expect librustc_driver in /usr/lib/x86_64-linux-gnu);
# give them one so the private prefix works without LD_LIBRARY_PATH or /etc/ld.so.conf.d.
for b in "$RUST_WEB_PREFIX/usr/bin/rustc" "$RUST_WEB_PREFIX/usr/bin/rustdoc" "$RUST_WEB_PREFIX/usr/libexec/rust-analyzer-proc-macro-srv"; do
  [ -f "$b" ] || continue
  [ "$(patchelf --print-rpath "$b")" = '$ORIGIN/../lib/x86_64-linux-gnu' ] || patchelf --set-rpath '$ORIGIN/../lib/x86_64-linux-gnu' "$b"
done
mkdir -p "$RUST_WEB_PREFIX/usr/lib/rustlib/$HOST/bin" "$RUST_WEB_PREFIX/bin"
# rustc's default linker for wasm32-unknown-unknown is `rust-lld -flavor wasm`,
# looked up in <sysroot>/lib/rustlib/<host>/bin first.
ln -sfn "/usr/bin/lld-$LLVM_MAJOR" "$RUST_WEB_PREFIX/usr/lib/rustlib/$HOST/bin/rust-lld"

cat > "$RUST_WEB_PREFIX/bin/wasm-cargo" <<EOF
#!/bin/sh
# cargo for wasm32-unknown-unknown with Debian rustc-web $UPSTREAM and a std
# built from source (-Zbuild-std).  Usage: wasm-cargo build --release
# Host-only subcommands (install, ...) must use plain cargo, not this wrapper.
export RUSTC_BOOTSTRAP=1
export RUSTC="$RUST_WEB_PREFIX/usr/bin/rustc"
export RUSTDOC="$RUST_WEB_PREFIX/usr/bin/rustdoc"
export CARGO_BUILD_TARGET="\${CARGO_BUILD_TARGET:-wasm32-unknown-unknown}"
export CARGO_UNSTABLE_BUILD_STD="\${CARGO_UNSTABLE_BUILD_STD:-std,panic_abort}"
# \`wasm-cargo test\` runs #[wasm_bindgen_test] tests in Node (needs wasm-bindgen-test-runner on PATH)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="\${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER:-wasm-bindgen-test-runner}"
PATH="$WASM_TOOLS_PREFIX/bin:\$PATH"; export PATH
exec "$RUST_WEB_PREFIX/usr/bin/cargo" "\$@"
EOF
cat > "$RUST_WEB_PREFIX/bin/wasm-rustc" <<EOF
#!/bin/sh
exec "$RUST_WEB_PREFIX/usr/bin/rustc" "\$@"
EOF
cat > "$RUST_WEB_PREFIX/env.sh" <<EOF
# source me: tools on PATH (after rustup's, so plain cargo/rustc stay rustup's)
export PATH="\$PATH:$RUST_WEB_PREFIX/bin:$WASM_TOOLS_PREFIX/bin"
EOF
chmod 755 "$RUST_WEB_PREFIX/bin/wasm-cargo" "$RUST_WEB_PREFIX/bin/wasm-rustc"
"$RUST_WEB_PREFIX/usr/bin/rustc" -V >&2
"$RUST_WEB_PREFIX/usr/bin/cargo" -V >&2
step_done "rpath + wrappers"

# ------------------------------------------------- 4. wasm-bindgen-cli
log "4/6 wasm-bindgen-cli $WASM_BINDGEN_VERSION -> $WASM_TOOLS_PREFIX/bin"
mkdir -p "$WASM_TOOLS_PREFIX/bin"
host_cargo() { # host build with the same Debian toolchain (independent of rustup)
  ( cd / && env -u CARGO_BUILD_TARGET -u CARGO_UNSTABLE_BUILD_STD -u CARGO_TARGET_DIR \
      RUSTC="$RUST_WEB_PREFIX/usr/bin/rustc" "$RUST_WEB_PREFIX/usr/bin/cargo" "$@" )
}
if [ "$("$WASM_TOOLS_PREFIX/bin/wasm-bindgen" --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "    already there" >&2
else
  # --locked first; some locked versions can be yanked/missing (seen: webpki-roots 1.0.11
  # for wasm-bindgen-cli 0.2.130), then fall back to a fresh resolution.
  host_cargo install -q wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked --force --root "$WASM_TOOLS_PREFIX" \
    || host_cargo install -q wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force --root "$WASM_TOOLS_PREFIX"
fi
"$WASM_TOOLS_PREFIX/bin/wasm-bindgen" --version >&2
step_done "wasm-bindgen-cli"

# ------------------------------------------------- 5. binaryen (wasm-opt) from npm
log "5/6 binaryen $BINARYEN_NPM_VERSION (npm) -> wasm-opt"
if "$WASM_TOOLS_PREFIX/bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_NPM_VERSION%%.*}\b"; then
  echo "    already there" >&2
else
  mkdir -p "$WASM_TOOLS_PREFIX/npm"
  npm install --prefix "$WASM_TOOLS_PREFIX/npm" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_NPM_VERSION" >/dev/null
  for t in wasm-opt wasm-dis wasm-as wasm-metadce wasm2js; do
    ln -sfn "$WASM_TOOLS_PREFIX/npm/node_modules/.bin/$t" "$WASM_TOOLS_PREFIX/bin/$t"
  done
fi
"$WASM_TOOLS_PREFIX/bin/wasm-opt" --version >&2
step_done "binaryen"

# ------------------------------------------------- 6. optional extras
log "6/6 optional: wasm-pack=$INSTALL_WASM_PACK chromium=$INSTALL_CHROMIUM"
if [ "$INSTALL_WASM_PACK" = 1 ]; then
  if [ "$("$WASM_TOOLS_PREFIX/bin/wasm-pack" --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
    host_cargo install -q wasm-pack --version "=$WASM_PACK_VERSION" --locked --force --root "$WASM_TOOLS_PREFIX" \
      || host_cargo install -q wasm-pack --version "=$WASM_PACK_VERSION" --force --root "$WASM_TOOLS_PREFIX"
  fi
  "$WASM_TOOLS_PREFIX/bin/wasm-pack" --version >&2
fi
if [ "$INSTALL_CHROMIUM" = 1 ] && ! command -v chromium >/dev/null; then
  $APT install --no-install-recommends chromium >/dev/null
fi
step_done "optional extras"

# ------------------------------------------------- self-test
if [ "$SELFTEST" = 1 ]; then
  log "self-test: wasm-bindgen + serde-wasm-bindgen crate -> node"
  st=$(mktemp -d); mkdir -p "$st/src"
  cat > "$st/Cargo.toml" <<EOF
[package]
name = "wasm-selftest"
version = "0.1.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[dependencies]
wasm-bindgen = "=$WASM_BINDGEN_VERSION"
serde = { version = "1", features = ["derive"] }
serde-wasm-bindgen = "0.6"
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
EOF
  cat > "$st/src/lib.rs" <<'EOF'
use wasm_bindgen::prelude::*;
#[derive(serde::Deserialize)] struct In { name: String, values: Vec<f64> }
#[derive(serde::Serialize)] struct Out { greeting: String, sum: f64 }
#[wasm_bindgen]
pub fn summarize(v: JsValue) -> Result<JsValue, JsValue> {
    let i: In = serde_wasm_bindgen::from_value(v)?;
    Ok(serde_wasm_bindgen::to_value(&Out { greeting: format!("Hello, {}!", i.name), sum: i.values.iter().sum() })?)
}
EOF
  ( cd "$st" && "$RUST_WEB_PREFIX/bin/wasm-cargo" build --release -q \
    && "$WASM_TOOLS_PREFIX/bin/wasm-bindgen" --target nodejs --out-dir pkg target/wasm32-unknown-unknown/release/wasm_selftest.wasm \
    && "$WASM_TOOLS_PREFIX/bin/wasm-opt" -Oz pkg/wasm_selftest_bg.wasm -o pkg/wasm_selftest_bg.wasm \
    && node -e 'const m=require("./pkg/wasm_selftest.js"); const r=m.summarize({name:"wasm",values:[1,2,3.5]}); console.log(JSON.stringify(r)); if(r.sum!==6.5||r.greeting!=="Hello, wasm!") process.exit(1)' \
    && echo "    self-test OK ($(stat -c%s pkg/wasm_selftest_bg.wasm) bytes after wasm-opt -Oz)" >&2 )
  rm -rf "$st"
  step_done "self-test (cold build incl. std)"
fi

cat <<EOF

==================== wasm toolchain ready ($(( $(date +%s) - T0 ))s) ====================
rustc (wasm):  $RUST_WEB_PREFIX/usr/bin/rustc  ($("$RUST_WEB_PREFIX/usr/bin/rustc" -V))
cargo (wasm):  $RUST_WEB_PREFIX/bin/wasm-cargo  (Debian cargo $UPSTREAM + env below)
wasm-bindgen:  $WASM_TOOLS_PREFIX/bin/wasm-bindgen ($WASM_BINDGEN_VERSION; must equal Cargo.lock's wasm-bindgen)
wasm-opt:      $WASM_TOOLS_PREFIX/bin/wasm-opt (binaryen $BINARYEN_NPM_VERSION, npm)
timings:       ${TIMINGS[*]}

# put the tools on PATH (appended: rustup's cargo/rustc stay first)
. $RUST_WEB_PREFIX/env.sh

# build (std for wasm32 is compiled from rust-web-src the first time, ~1-2 min)
wasm-cargo build --release            # -> target/wasm32-unknown-unknown/release/<crate>.wasm
wasm-bindgen --target nodejs --out-dir pkg-node target/wasm32-unknown-unknown/release/<crate>.wasm
wasm-bindgen --target web    --out-dir pkg-web  target/wasm32-unknown-unknown/release/<crate>.wasm
wasm-opt -Oz pkg-web/<crate>_bg.wasm -o pkg-web/<crate>_bg.wasm
wasm-cargo test                       # #[wasm_bindgen_test] in Node via wasm-bindgen-test-runner

# equivalent raw env (what wasm-cargo sets), e.g. for a CI script:
export RUSTC_BOOTSTRAP=1 RUSTC=$RUST_WEB_PREFIX/usr/bin/rustc RUSTDOC=$RUST_WEB_PREFIX/usr/bin/rustdoc
$RUST_WEB_PREFIX/usr/bin/cargo build --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
# linker: default rust-lld -> /usr/bin/lld-$LLVM_MAJOR (symlinked in the sysroot); or set
#   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-$LLVM_MAJOR
EOF
