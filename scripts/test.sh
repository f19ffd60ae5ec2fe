#!/usr/bin/env bash
# Sets up what is missing, then runs every test: native (unit, rules, properties, fuzz-style),
# browser component tests (wasm-bindgen-test in headless Chromium) and end-to-end journeys
# (Playwright driving /usr/bin/chromium against the release build on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export DORALENS_FUZZ_CASES=${DORALENS_FUZZ_CASES:-2000}

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
started=$(date +%s)

step "lints (cargo fmt --check, cargo clippy: no unwrap, expect or panic! in the core and the CLI)"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --bins --target wasm32-unknown-unknown -- -D warnings

step "native tests (cargo test)"
cargo test --quiet

step "CLI on the demo data"
cargo run --quiet --bin doralens -- report --deploys public/demo/deployments.csv \
  --incidents public/demo/incidents.csv --teams public/demo/teams.csv --format markdown
# The journeys run this binary (tests/e2e/fixtures.mjs), not `cargo run`, which would wait on the
# build directory's lock while anything else builds.
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
export DORALENS_BIN="$target_dir/debug/doralens"

step "warehouse SQL on DuckDB, PostgreSQL, Spark (doralens sql equals the core on every metrics dataset)"
cargo build --quiet --bin doralens
python3 tests/sql/engines.py --bin "$DORALENS_BIN"   # every dataset on DuckDB, PostgreSQL and Spark

if [ -f tests/web.rs ]; then
  step "browser component tests (wasm-bindgen-test, headless Chromium)"
  cargo test --target wasm32-unknown-unknown --test web
fi

step "the README's first command (scripts/serve.sh) serves the dashboard and the demo data"
bash scripts/check-serve.sh

step "release build (trunk build --release --offline)"
trunk build --release --offline

step "shipped size"
bash scripts/size.sh

if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  step "end-to-end journeys (Playwright + Chromium)"
  node --test --test-concurrency=1 tests/e2e/
fi

# The cargo features the shipped site leaves out for its download budget (Cargo.toml): a second
# release build with all of them, and the journeys that exercise them (they skip on the shipped build).
step "optional features (connect, rollup-view): release build and their journeys"
features_dist="${target_dir}/dist-features"
trunk build --release --offline --features connect,rollup-view --dist "$features_dist"
DORALENS_DIST="$features_dist" node --test --test-concurrency=1 \
  tests/e2e/connect.test.mjs tests/e2e/rollup.test.mjs

step "all tests passed in $(( $(date +%s) - started )) s"
