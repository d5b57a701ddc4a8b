#!/usr/bin/env bash
# Shows whether static files stall on kept-alive connections: wrk on ONE
# connection against a small static file and against /healthz, in the same
# run, and the ratio of their request rates. A figure to read, not a test
# (the machines are shared and noisy). Before TCP_NODELAY the favicon got
# ~31 req/s against ~12,700 for /healthz (headers and body left in two
# writes and waited for the client's delayed ACK).
#
# Needs a release build (scripts/build.sh) and wrk (apt-get install wrk).
# Environment: STALL_PORT (default 3190), STALL_SECONDS (default 5).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
PORT="${STALL_PORT:-3190}"
SECONDS_EACH="${STALL_SECONDS:-5}"
BIN="$CARGO_TARGET_DIR/release/server"
[[ -x "$BIN" ]] || die "no release server at $BIN: run scripts/build.sh first"
TMP="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$TMP"' EXIT
(
  cd "$TMP"
  DATABASE_URL="sqlite://$TMP/stall.db" SITE_ADDR="127.0.0.1:$PORT" DEMO_DATA=off \
    LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn exec "$BIN" serve
) &
SERVER=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
rate() {
  wrk -t1 -c1 -d"${SECONDS_EACH}s" "http://127.0.0.1:$PORT$1" | awk '/Requests\/sec/ { print $2 }'
}
favicon=$(rate /favicon.svg)
healthz=$(rate /healthz)
printf 'one kept-alive connection, %ss each: /favicon.svg %s req/s, /healthz %s req/s, ratio %s\n' \
  "$SECONDS_EACH" "$favicon" "$healthz" \
  "$(awk -v a="$favicon" -v b="$healthz" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
