#!/usr/bin/env bash
# Starts the release build of Mentorhub for the end-to-end tests, on a fresh
# embedded SQLite database in a new temporary directory that is removed when
# the server stops. Playwright runs this (end2end/playwright.config.ts,
# `webServer`) and stops it with SIGTERM to the process group.
#
# Needs a release build first (scripts/build.sh). Environment:
#   E2E_PORT          port to listen on (default 3100)
#   CARGO_TARGET_DIR  where the server binary was built
#                     (default ~/.cache/mentorhub/target, as scripts/lib.sh)
#   E2E_SERVER_BIN    the server binary, overriding the above
#   E2E_SITE_ROOT     the built site (default <repo>/target/site)
#   E2E_MAILBOX_DIR   where the server writes emails as .eml files (emptied
#                     at start; default <tmp>/mailbox)
#   E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD
#                     the hub admin created before the server starts, so no
#                     test becomes admin by signing up first
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${E2E_PORT:-3100}"
BIN="${E2E_SERVER_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/mentorhub/target}/release/server}"
SITE_ROOT="${E2E_SITE_ROOT:-$ROOT/target/site}"

die() { printf 'e2e-server: %s\n' "$*" >&2; exit 1; }

[[ -x "$BIN" ]] || die "no server binary at $BIN; run scripts/build.sh first"
for kind in js wasm css; do
  # Plain or content-hashed names (mentorhub.<hash>.wasm).
  compgen -G "$SITE_ROOT/pkg/mentorhub*.$kind" >/dev/null \
    || die "no $SITE_ROOT/pkg/mentorhub*.$kind; run scripts/build.sh first"
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mentorhub-e2e.XXXXXX")"

# A .env in the working directory must not leak into the tests: run from the
# temporary directory (the server reads .env from its working directory).
cd "$TMP"
export DATABASE_URL="sqlite://$TMP/e2e.db"
export SITE_ADDR="127.0.0.1:$PORT"
export SITE_URL="http://127.0.0.1:$PORT"
export LEPTOS_SITE_ROOT="$SITE_ROOT"
export RUST_LOG="${RUST_LOG:-info}"
export MAILBOX_DIR="${E2E_MAILBOX_DIR:-$TMP/mailbox}"
export EMAIL_POLL_SECONDS=1
# The tests expect a hub with only the admin below, never the demo data.
export DEMO_DATA=off
rm -rf "$MAILBOX_DIR" && mkdir -p "$MAILBOX_DIR"

MENTORHUB_ADMIN_PASSWORD="${E2E_ADMIN_PASSWORD:-e2e admin passphrase}" \
  "$BIN" create-admin "${E2E_ADMIN_EMAIL:-admin@e2e.test}" "E2E Admin" >&2

# Not `exec`: this shell stays to remove the database afterwards. It passes
# SIGTERM/SIGINT on to the server, waits for it to finish in-flight requests,
# then cleans up and exits with the server's status.
"$BIN" serve &
child=$!
stop() { kill -TERM "$child" 2>/dev/null || true; }
trap stop TERM INT HUP
status=0
while true; do
  wait "$child" && status=0 || status=$?
  # `wait` also returns (status > 128) when a trapped signal arrives; keep
  # waiting until the server itself has exited.
  kill -0 "$child" 2>/dev/null || break
done
rm -rf "$TMP"
exit "$status"
