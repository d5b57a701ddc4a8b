#!/usr/bin/env bash
# The first-load budget: what a first visit to a page downloads (HTML, CSS,
# JS, the main wasm and the chunks the page preloads), compressed as the
# server sends it. The home page, the program directory, a program home and
# the sign-in page must stay within 250 KB; no page may pass 350 KB. Prints
# the table and fails over budget. Sizes are deterministic, so this is a
# check in `make test` (after the release build).
#
# Needs a release build (scripts/build.sh). Environment: BUDGET_PORT
# (default 3191), FIRST_LOAD_BUDGET / FIRST_LOAD_MAX (bytes). Arguments:
# the pages to check instead of the default list.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
PORT="${BUDGET_PORT:-3191}"
BUDGET="${FIRST_LOAD_BUDGET:-250000}"
MAX="${FIRST_LOAD_MAX:-350000}"
BIN="$CARGO_TARGET_DIR/release/server"
[[ -x "$BIN" ]] || die "no release server at $BIN: run scripts/build.sh first"
TMP="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$TMP"' EXIT
(
  # The demo data gives the program pages something to show.
  cd "$TMP"
  DATABASE_URL="sqlite://$TMP/budget.db" SITE_ADDR="127.0.0.1:$PORT" DEMO_DATA=on \
    MAILBOX_DIR="$TMP/mailbox" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn exec "$BIN" serve
) &
SERVER=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || die "the server stopped; see above"
  sleep 0.1
done
# Pages as arguments (PATH, +PATH or PATH=BYTES, see first-load.py), or
# these: the four main pages and one of each other kind.
if (( $# == 0 )); then
  set -- / /programs /programs/rust-foundations /sign-in \
    +/sign-up +/forgot-password +/programs/rust-foundations/join +/programs/new \
    +/discussion +/admin/settings +/programs/rust-foundations/mentors
fi
python3 scripts/first-load.py "http://127.0.0.1:$PORT" "$BUDGET" "$MAX" "$@"
