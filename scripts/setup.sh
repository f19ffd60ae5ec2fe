#!/usr/bin/env bash
# Installs whatever DORA Lens needs to build and test, and nothing that is already there.
# Every tool comes from a package registry (crates.io, npm, Debian); nothing downloads a
# browser or a prebuilt toolchain from anywhere else. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
: "${WASM_BINDGEN_VERSION:=0.2.130}"
WANT_BROWSER=${WANT_BROWSER:-1}

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes ~12 minutes on a fresh machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$WANT_BROWSER" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Node packages: playwright-core (drives /usr/bin/chromium, never downloads a browser)
# and binaryen (a wasm-opt new enough for trunk). Locked by tests/e2e/package-lock.json.
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -d tests/e2e/node_modules/playwright-core ] \
   || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  log "installing node packages (playwright-core, binaryen)"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# The warehouse SQL's engines (tests/sql/engines.py): DuckDB and Spark from PyPI, PostgreSQL and
# the JDK Spark runs on from Debian.
pip_install() {
  python3 -m pip install --quiet "$@" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$@"
}
if ! python3 -c "import duckdb" 2>/dev/null; then
  log "installing duckdb (PyPI)"
  pip_install "duckdb>=1.1"
fi
if ! python3 -c "import pyspark" 2>/dev/null; then
  log "installing pyspark (PyPI)"
  pip_install "pyspark>=3.5,<4"
fi
apt_missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
command -v psql >/dev/null 2>&1 || apt_missing+=(postgresql-client)
command -v java >/dev/null 2>&1 || apt_missing+=(openjdk-17-jre-headless)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing Debian's ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

log "fetching crates"
cargo fetch --quiet
log "ready"
