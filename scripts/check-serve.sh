#!/usr/bin/env bash
# Proves the README's first command works: starts `bash scripts/serve.sh` on a free port, waits
# until the page, its wasm and the demo data are served, checks them against the repository, and
# stops it. Run by scripts/test.sh (on a fresh clone in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
# A session of its own, so stopping it stops trunk and everything it started.
setsid env PORT="$port" bash scripts/serve.sh >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT

base="http://127.0.0.1:$port"
fail() {
  echo "check-serve: $*" >&2
  echo "--- output of scripts/serve.sh ---" >&2
  tail -n 40 "$log" >&2
  exit 1
}

# The first build of a fresh clone compiles the wasm: allow it 20 minutes.
for _ in $(seq 1 1200); do
  if curl -fsS -o /dev/null "$base/demo/deployments.csv" 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || fail "scripts/serve.sh stopped before serving"
  sleep 1
done
curl -fsS -o /dev/null "$base/demo/deployments.csv" || fail "nothing served at $base/ after 20 minutes"

page=$(curl -fsS "$base/")
grep -q '<title>DORA Lens</title>' <<<"$page" || fail "the page at $base/ is not the dashboard"
wasm=$(grep -o 'doralens-web-[0-9a-f]*_bg\.wasm' <<<"$page" | head -n 1)
[ -n "$wasm" ] || fail "the page names no wasm"
curl -fsS -o /dev/null "$base/$wasm" || fail "the wasm $wasm is not served"
for f in deployments.csv incidents.csv teams.csv; do
  curl -fsS "$base/demo/$f" | cmp -s - "public/demo/$f" || fail "demo/$f differs from public/demo/$f"
done
echo "check-serve: scripts/serve.sh served the dashboard, its wasm and the demo data at $base/"
