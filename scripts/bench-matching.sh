#!/usr/bin/env bash
# The cohort matching solver's speed: builds the bench_matching example in
# release and runs it (1,000 mentees, 300 mentors with 3–4 places each,
# generated with a fixed seed, solved 3 times). Prints one line: the best
# and median time, the mentees matched and the total score. Figures, not
# pass/fail; the target is under 2 s.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/mentorhub/target).
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentorhub/target}"

cargo build --release --quiet -p app --features ssr --example bench_matching
"$CARGO_TARGET_DIR/release/examples/bench_matching"
