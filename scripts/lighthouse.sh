#!/usr/bin/env bash
# Lighthouse (mobile preset, simulated throttling) on the pages of the
# first-load budget, RUNS times each (default 3), against the release build
# with the demo data; prints each page's median performance, accessibility
# and best-practices scores and its LCP and total weight. Scores vary by a
# few points from run to run, so this is a figure to read, not part of
# `make test`. Downloads lighthouse 12.2.3 through npx on first use and runs
# it with the system's Chromium.
#
# Needs a release build (scripts/build.sh). Environment: LIGHTHOUSE_PORT
# (default 3192), RUNS (default 3), CHROME_PATH (default: chromium on PATH).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
PORT="${LIGHTHOUSE_PORT:-3192}"
RUNS="${RUNS:-3}"
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
[[ -x "$CHROME_PATH" ]] || die "no Chromium: set CHROME_PATH"
BIN="$CARGO_TARGET_DIR/release/server"
[[ -x "$BIN" ]] || die "no release server at $BIN: run scripts/build.sh first"
TMP="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$TMP"' EXIT
(
  cd "$TMP"
  DATABASE_URL="sqlite://$TMP/lighthouse.db" SITE_ADDR="127.0.0.1:$PORT" DEMO_DATA=on \
    MAILBOX_DIR="$TMP/mailbox" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn exec "$BIN" serve
) &
SERVER=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || die "the server stopped; see above"
  sleep 0.1
done
for path in / /programs /programs/rust-foundations /sign-in; do
  name=$(echo "$path" | tr '/' '_')
  for run in $(seq 1 "$RUNS"); do
    npx --yes lighthouse@12.2.3 "http://127.0.0.1:$PORT$path" \
      --quiet --output=json --output-path="$TMP/lh$name.$run.json" \
      --only-categories=performance,accessibility,best-practices \
      --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>"$TMP/lh.log" \
      || { cat "$TMP/lh.log" >&2; die "lighthouse failed on $path"; }
  done
done
python3 - "$TMP" "$RUNS" <<'PY'
import json, statistics, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
print(f"{'page':<28} {'perf':>5} {'a11y':>5} {'best':>5} {'LCP s':>6} {'TTI s':>6} {'KiB':>6}")
for path in ["/", "/programs", "/programs/rust-foundations", "/sign-in"]:
    name = path.replace("/", "_")
    reports = [json.load(open(f"{tmp}/lh{name}.{run}.json")) for run in range(1, runs + 1)]
    def median(get):
        return statistics.median(get(r) for r in reports)
    score = lambda key: median(lambda r: round(r["categories"][key]["score"] * 100))
    audit = lambda key: median(lambda r: r["audits"][key]["numericValue"])
    print(
        f"{path:<28} {score('performance'):>5} {score('accessibility'):>5} {score('best-practices'):>5} "
        f"{audit('largest-contentful-paint') / 1000:>6.1f} {audit('interactive') / 1000:>6.1f} "
        f"{audit('total-byte-weight') / 1024:>6.0f}"
    )
print(f"(median of {runs} runs each, mobile preset, simulated throttling)")
PY
