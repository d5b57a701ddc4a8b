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
done_step

step "cargo fmt --check"
cargo fmt --all -- --check
done_step

step "clippy (ssr and hydrate, -D warnings)"
cargo clippy -p app -p server --features app/ssr,app/test-support --all-targets -- -D warnings
cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings
done_step

step "server-only crates stay out of the wasm build"
for crate in tokio diesel diesel-async axum; do
  # stdout is empty when the crate is not in the wasm graph.
  found=$(cargo tree -p frontend --target wasm32-unknown-unknown -i "$crate" 2>/dev/null || true)
  [[ -z "$found" ]] || { echo "$found" | head -20 >&2; die "$crate is in the wasm dependency tree"; }
done
done_step

step "Rust tests (store tests on SQLite and PostgreSQL, API tests on port 0)"
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres}"
cargo test -p app -p server --features app/ssr,app/test-support 2>&1 | tee "$CARGO_TARGET_DIR/rust-tests.log"
done_step

step "release build"
bash scripts/build.sh
done_step

step "first-load budget (what a first visit downloads, as sent)"
# The target is 250 KB for the four main pages and 350 KB for any page
# (issue 9; scripts/first-load.sh's defaults). Lazy routes brought the main
# pages from ~720 KB to 289-458 KB, but the framework's share of the main
# wasm (246 KB brotli) is already near the target by itself. Until the
# target is reached, the check holds each page to its size at the last
# raise plus about 1-2 %, so that no change makes a first visit heavier
# unnoticed. Lower these as pages get lighter; raise one only in a commit
# that says why. Raised once: the shared design-system controls (Field
# with feedback, ChoiceGroup, Page) cost the sign-in pages ~2.3 %, the
# directory ~2.6 % and the admin settings ~4 %. Raised again for the
# directory alone: paging it (1,000 programs at scale, issue 10) put the
# Pager and the paged answer in its chunks, +6 KB (1.6 %).
bash scripts/first-load.sh /=295000 /programs=398000 /programs/rust-foundations=467000 \
  /sign-in=348000 /sign-up=351000 /forgot-password=345000 \
  /programs/rust-foundations/join=512000 /programs/new=420000 /discussion=295000 \
  /admin/settings=377000
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
