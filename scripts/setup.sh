#!/usr/bin/env bash
# scripts/setup.sh - install what building and testing this project needs, on Debian 12 as root.
#
#   bash scripts/setup.sh                 # everything: rust node litellm wasm chromium vscode
#   bash scripts/setup.sh rust            # only some: rust node litellm wasm chromium vscode
#   SETUP_WASM=0 SETUP_CHROMIUM=0 SETUP_VSCODE=0 bash scripts/setup.sh   # leave those out of the default set
#
# A fresh machine takes about 8-10 minutes on 2 cores, almost all of it `cargo install
# wasm-bindgen-cli` (3-5 min alone; up to 20 min when other builds share the cores); a
# provisioned one a few seconds.
#
# Idempotent: each component checks first and skips what is there, so a provisioned machine
# finishes in about a second. Only package registries are reachable (crates.io, npm, PyPI,
# Debian): nothing is downloaded from anywhere else. `apt-get update` runs at most once, and
# only when a Debian package is missing. Prints one line per thing it checked or did.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
T0=$(date +%s%N)
APT_UPDATED=0
DID=()

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Versions as "major.minor" integers for comparison: 1.85 -> 1085.
ver_num() { local v=${1#v}; local maj=${v%%.*} rest=${v#*.}; echo $((maj * 1000 + ${rest%%.*})); }

# apt_install PKG...: installs the ones not installed yet; `apt-get update` once per run.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: $*"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update (missing: ${missing[*]})"
    apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
    APT_UPDATED=1
  fi
  apt-get -y -q -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}" >/dev/null
  say "installed Debian packages: ${missing[*]}"
  DID+=("apt: ${missing[*]}")
}

setup_rust() {
  # A C toolchain for linking (and for any crate that builds C); CA roots for crates.io.
  apt_install gcc libc6-dev ca-certificates
  # The toolchain comes from the rustup already on the machine: rustup's own downloads
  # (new toolchains, components) are not reachable here, so this only checks.
  if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) first"
  local need have
  need=$(sed -n 's/^rust-version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
  have=$(rustc --version | awk '{print $2}')
  if [ -n "$need" ] && [ "$(ver_num "$have")" -lt "$(ver_num "$need")" ]; then
    die "rustc $have is older than the workspace's rust-version $need"
  fi
  local tool
  for tool in rustfmt cargo-clippy; do
    command -v "$tool" >/dev/null || die "$tool missing: rustup component add ${tool#cargo-}"
  done
  say "rust: rustc $have (need >= ${need:-any}), rustfmt and clippy present"
  if command -v cargo-nextest >/dev/null; then
    say "rust: $(cargo-nextest --version 2>/dev/null | head -1) (scripts/test.sh uses it)"
  else
    say "rust: cargo-nextest not found; scripts/test.sh falls back to cargo test"
  fi
  # Downloads the crates in Cargo.lock into ~/.cargo (no-op when they are there).
  cargo fetch --locked -q
  say "rust: crates fetched (cargo fetch --locked)"
}

setup_node() {
  # Node 20 + npm come with the machine; the Node package (bindings-node) and its tests need them,
  # with the npm workspace's dependencies from the committed package-lock.json (`npm ci`).
  local strict=$1 problem=""
  if ! command -v node >/dev/null; then
    problem="node not found"
  elif [ "$(ver_num "$(node --version)")" -lt "$(ver_num 20.0)" ]; then
    problem="node $(node --version) is older than 20"
  elif ! command -v npm >/dev/null; then
    problem="npm not found"
  fi
  if [ -n "$problem" ]; then
    [ "$strict" = 1 ] && die "$problem (install Node.js 20+ with npm)"
    say "node: WARNING: $problem (needed by scripts/test-node.sh)"
    return 0
  fi
  say "node: $(node --version), npm $(npm --version)"
  # npm ci only when package-lock.json changed since the last install (or nothing is installed).
  local want have=""
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f node_modules/.setup-lock.sha256 ] && have=$(cat node_modules/.setup-lock.sha256)
  if [ "$want" = "$have" ] && [ -f node_modules/.package-lock.json ]; then
    say "node: npm dependencies installed (package-lock.json unchanged)"
  else
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > node_modules/.setup-lock.sha256
    say "node: npm ci (from package-lock.json)"
    DID+=("npm ci")
  fi
}

# LiteLLM, the gateway the Node tests put between the CLI and a fake Anthropic endpoint
# (bindings-node/test/live.test.mjs). Installed from PyPI into .venv-litellm (gitignored).
LITELLM_VERSION=1.108.7
setup_litellm() {
  local venv=.venv-litellm have=""
  [ -x "$venv/bin/python" ] && have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null || true)
  if [ "$have" = "$LITELLM_VERSION" ] && [ -x "$venv/bin/litellm" ]; then
    say "litellm: $have in $venv"
    return 0
  fi
  command -v python3 >/dev/null || die "python3 not found (needed for LiteLLM)"
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "litellm[proxy]==$LITELLM_VERSION"
  say "litellm: installed $LITELLM_VERSION in $venv"
  DID+=("litellm $LITELLM_VERSION")
}

setup_wasm() {
  # Rust -> wasm32 toolchain (Debian rustc-web + build-std, wasm-bindgen-cli, wasm-opt).
  # A fresh install takes several minutes (cargo install wasm-bindgen-cli: 3-5 min on 2 cores).
  local want have_bg
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
  have_bg=$(/opt/wasm-tools/bin/wasm-bindgen --version 2>/dev/null || true)
  if [ -x /opt/rust-web/bin/wasm-cargo ] && [ -f /opt/rust-web/.deb-version ] \
     && [ -e /opt/rust-web/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld ] \
     && [ -d /opt/rust-web/usr/lib/rustlib/src/rust/library/std ] \
     && [ "$have_bg" = "wasm-bindgen $want" ] && /opt/wasm-tools/bin/wasm-opt --version >/dev/null 2>&1; then
    say "wasm: toolchain present ($have_bg, rustc-web $(cat /opt/rust-web/.deb-version), $(/opt/wasm-tools/bin/wasm-opt --version))"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "need root to install the wasm toolchain (scripts/setup-wasm.sh)"
  CARGO_LOCK=${CARGO_LOCK:-$PWD/Cargo.lock} bash scripts/setup-wasm.sh
  DID+=("wasm")
}

setup_chromium() {
  # Headless browser for the wasm/browser tests (Debian's chromium; no browser downloads).
  apt_install chromium chromium-driver
  say "chromium: $(chromium --version 2>/dev/null | head -1)"
}

setup_vscode() {
  # Node 24 (PyPI wheel) + code-server (VS Code 1.139, npm) in .cache/vscode for the extension's
  # tests (extension/harness/); a fresh install takes 3-5 min (native modules).
  local out rc=0
  out=$(mktemp)
  bash scripts/setup-vscode.sh | tee "$out" | sed 's/^setup-vscode: /setup: vscode: /' || rc=$?
  grep -q ': installed ' "$out" && DID+=("vscode")
  rm -f "$out"
  [ "$rc" = 0 ] || die "scripts/setup-vscode.sh failed"
}

components=("$@")
strict_node=1
if [ ${#components[@]} -eq 0 ]; then
  components=(rust node litellm)
  [ "${SETUP_WASM:-1}" = 1 ] && components+=(wasm)
  [ "${SETUP_CHROMIUM:-1}" = 1 ] && components+=(chromium)
  [ "${SETUP_VSCODE:-1}" = 1 ] && components+=(vscode)
fi
for c in "${components[@]}"; do
  case "$c" in
    rust) setup_rust ;;
    node) setup_node "$strict_node" ;;
    litellm) setup_litellm ;;
    wasm) setup_wasm ;;
    chromium) setup_chromium ;;
    vscode) setup_vscode ;;
    *) die "unknown component '$c' (known: rust node litellm wasm chromium vscode)" ;;
  esac
done

ms=$((($(date +%s%N) - T0) / 1000000))
if [ ${#DID[@]} -eq 0 ]; then
  say "done in ${ms} ms (${components[*]}): nothing to install"
else
  say "done in ${ms} ms: ${DID[*]}"
fi
