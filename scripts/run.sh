#!/usr/bin/env bash
# Sets up what is missing, builds in release mode and serves Mentorhub on
# http://127.0.0.1:3000 (SITE_ADDR) with the embedded SQLite database under
# data/ (DATABASE_URL), created and migrated on first start.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/build.sh
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
# Something to look at on a new hub; the binary's own default is off.
export DEMO_DATA="${DEMO_DATA:-on}"
log "starting Mentorhub (Ctrl-C to stop)"
exec "$CARGO_TARGET_DIR/release/server" serve
