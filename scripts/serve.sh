#!/usr/bin/env bash
# Sets up what is missing, then serves the dashboard with the demo data at http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
WANT_BROWSER=0 bash scripts/setup.sh
export PATH="$PWD/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT=${PORT:-8080}
echo "DORA Lens: http://127.0.0.1:$PORT/  (demo data loads on the first screen; Ctrl-C stops)"
# No autoreload or error-reporting script: both are inline, which the page's CSP forbids (and
# scripts/post-build.sh refuses).
exec trunk serve --release --offline --no-autoreload --no-error-reporting --address 127.0.0.1 --port "$PORT"
