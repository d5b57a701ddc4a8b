#!/usr/bin/env bash
# Everything CI checks, in the order that fails fastest: tools, formatting,
# lints for both builds, Rust tests on SQLite and PostgreSQL, the wasm
# dependency check, the release build, the first-load budget, then
# Playwright with and without JS.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(now)
step() { log "$*"; step_started=$(now); }
done_step() { log "  done in $(( $(now) - step_started ))s"; }

# Incremental caches only pay off while editing; in a test run they are
# gigabytes written for nothing.
export CARGO_INCREMENTAL=0
prune_target_dir

step "tools"
bash scripts/setup.sh --test
bash scripts/postgres.sh
bash scripts/s3.sh
done_step

step "cargo fmt --check"
cargo fmt --all -- --check
done_step

step "clippy (ssr and hydrate, -D warnings)"
cargo clippy -p app -p server --features app/ssr,app/test-support --all-targets -- -D warnings
cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings
done_step

step "server-only crates stay out of the wasm build"
for crate in tokio diesel diesel-async axum pathfinding chrono-tz chacha20poly1305 hmac object_store; do
  # stdout is empty when the crate is not in the wasm graph.
  found=$(cargo tree -p frontend --target wasm32-unknown-unknown -i "$crate" 2>/dev/null || true)
  [[ -z "$found" ]] || { echo "$found" | head -20 >&2; die "$crate is in the wasm dependency tree"; }
done
done_step

step "Rust tests (store tests on SQLite and PostgreSQL, API tests on port 0)"
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres}"
export TEST_S3_URL="${TEST_S3_URL:-http://127.0.0.1:9100}"
cargo test -p app -p server --features app/ssr,app/test-support 2>&1 | tee "$CARGO_TARGET_DIR/rust-tests.log"
done_step

step "release build"
bash scripts/build.sh
done_step

step "first-load budget (what a first visit downloads, as sent)"
# The target is 250 KB for the four main pages and 350 KB for any page
# (issue 9; scripts/first-load.sh's defaults). Lazy routes brought the main
# pages from ~720 KB to 289-458 KB, and a client std built for size with
# immediate-abort panics (scripts/build.sh) to 264-430 KB, but the
# framework's share of the main wasm (223 KB brotli) is near the target by
# itself. Until the target is reached, the check holds each page to its
# size at the last change plus about 2 %, so that no change makes a first
# visit heavier unnoticed. Lower these as pages get lighter; raise one only
# in a commit that says why (raised before for the shared design-system
# controls, ~2-4 %, and for paging the directory, 1.6 %; and for the
# mentors domain, whose five routes made every page 1-4 % heavier: the JS
# loader lists every chunk, +5.8 KB; main wasm +2.4 KB; shared chunks; and
# for the discussion pages, +0.8-2.2 % on every page for the same reasons;
# /discussion itself went from an empty state to the tab, 281 -> 514 KB;
# and for the events pages, +0.1-0.7 % on every page for the loader's
# four new routes; /events went from an empty state to the tab, 462 KB;
# and for the member's home page, / from under 290 to 376 KB: the route
# carries the visitor's welcome and the member's overview, whose views and
# types' deserialisation are 52 KB compressed; a #[lazy] chunk for the
# overview brought / to 323 KB but trapped in the browser when it
# hydrated (to be found out; see the issue note), so it waits; the
# discussion and events pages +0.3-0.9 %; measured on 079c973's client:
# / 375.9 KB, /discussion 534.8, /discussion/1 649.0, /events 474.7;
# and for the resources domain: the loader's three new routes and its
# styles, +0.1-0.4 % on every page, and the discussion search's resource
# results +1.7 % on the discussion tabs; the resources pages themselves
# are new, /resources 573 KB, /resources/1 496 KB; measured on 2026-12-04's
# client: / 381.1 KB, /discussion 550.4, /resources 573.1).
bash scripts/first-load.sh /=383000 /programs=408000 /programs/rust-foundations=474000 \
  /sign-in=356000 /sign-up=359000 /forgot-password=352000 \
  /programs/rust-foundations/join=537000 /programs/new=434000 /discussion=553000 \
  +/discussion/1=661000 +/programs/rust-foundations/discussion=555000 \
  /admin/settings=387000 +/programs/rust-foundations/mentors=630000 \
  +/programs/rust-foundations/requests=440000 +/events=482000 +/events/1=555000 \
  +/resources=576000 +/resources/1=499000 +/programs/rust-foundations/resources=578000
done_step

step "end-to-end tests (Chromium, JavaScript on and off)"
npm run --silent e2e 2>&1 | tee "$CARGO_TARGET_DIR/e2e-tests.log"
done_step

# One closing line for both runners: cargo's "test result" lines and
# Playwright's "N passed" line, added up.
rust_passed=$(grep -o '[0-9]* passed' "$CARGO_TARGET_DIR/rust-tests.log" | awk '{s+=$1} END {print s+0}')
e2e_passed=$(grep -Eo '^ *[0-9]+ passed' "$CARGO_TARGET_DIR/e2e-tests.log" | awk '{s+=$1} END {print s+0}')
log "all checks passed in $(( $(now) - started ))s"
echo "$(( rust_passed + e2e_passed )) passed, 0 failed"
