#!/usr/bin/env bash
# make bench: the server's speed on the data of a large hub, on both
# databases. Not part of `make test` (figures, not pass/fail).
#
# Builds the release server, fills a fresh database of each backend with
# `server seed-scale`, starts the server (COUNT_QUERIES=on) and drives it
# from a second process on loopback with oha (installed from crates.io if
# missing): signed in as a member, as a program admin, as a hub admin, and
# as a visitor
# where a page is public, plus /healthz and a static file as baselines.
# For each page and database: p50 and p99 at a fixed rate, the throughput
# at saturation, its ratio to /healthz of the same run, and the queries
# and connection checkouts of one request. The table is printed and
# written into BENCHMARKS.md with the date, the machine and the commit.
#
# Environment: BENCH_BACKENDS (default "sqlite postgres"), BENCH_RATE
# (requests/s, default 200), BENCH_DURATION (default 20s), BENCH_SATURATE
# (default 10s), BENCH_CONNECTIONS (default 8), BENCH_PORT (default 3193),
# BENCH_SEED_FLAGS (extra flags for seed-scale), BENCH_NO_BUILD=1 to use
# the release server already built, BENCH_OUT (default BENCHMARKS.md),
# BENCH_ONLY (an extended regex: only the pages whose label matches, plus
# /healthz; with it, give BENCH_OUT a scratch file).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

BACKENDS="${BENCH_BACKENDS:-sqlite postgres}"
RATE="${BENCH_RATE:-200}"
DURATION="${BENCH_DURATION:-20s}"
SATURATE="${BENCH_SATURATE:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
PORT="${BENCH_PORT:-3193}"
OUT="${BENCH_OUT:-$ROOT/BENCHMARKS.md}"
PASSWORD="${SCALE_PASSWORD:-scale members password}"
MEMBER_EMAIL="${BENCH_MEMBER:-member00001@scale.example}"
ADMIN_EMAIL="${BENCH_PROGRAM_ADMIN:-admin00001@scale.example}"
HUB_ADMIN_EMAIL="${BENCH_HUB_ADMIN:-hubadmin01@scale.example}"
OHA_VERSION=1.16.0
BIN="$CARGO_TARGET_DIR/release/server"
BASE="http://127.0.0.1:$PORT"

if ! command -v oha >/dev/null 2>&1; then
  log "installing oha $OHA_VERSION (crates.io)"
  cargo install --locked oha --version "$OHA_VERSION"
fi
if [[ "${BENCH_NO_BUILD:-}" != 1 ]]; then
  bash scripts/build.sh
fi
[[ -x "$BIN" ]] || die "no release server at $BIN"

TMP="$(mktemp -d)"
SERVER=""
stop_server() {
  if [[ -n "$SERVER" ]]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  fi
}
trap 'stop_server; rm -rf "$TMP"' EXIT

# One line per measured page: label | who | path.
PAGES=(
  "healthz|visitor|/healthz"
  "static file|visitor|/favicon.svg"
  "home|member|/"
  "home|program admin|/"
  "home|hub admin|/"
  "home|visitor|/"
  "program directory|member|/programs"
  "program directory|visitor|/programs"
  "directory search|member|/programs?q=career"
  "program home|member|/programs/program-0001"
  "join form|member|/programs/program-0002/join"
  "applications queue|program admin|/programs/program-0001/admin/applications"
  "mentors tab|member|/programs/program-0001/mentors"
  "mentor requests|member|/programs/program-0001/requests"
  "matching page|program admin|/programs/program-0001/admin/matching"
  "account page|member|/account"
  "discussion tab|member|/discussion"
  "discussion unanswered|member|/discussion?sort=unanswered"
  "discussion search|member|/discussion?q=goals"
  "discussion thread|member|/discussion/1"
  "program discussion|member|/programs/program-0001/discussion"
  # seed-scale's events (server/src/scale/events.rs): event 1 is a coming
  # hub event, 301 program-0001's first; both full, with a waitlist.
  "events tab|member|/events"
  "past events|member|/events?when=past"
  "event page|member|/events/1"
  "program events|member|/programs/program-0001/events"
  "program event page|member|/programs/program-0001/events/301"
  "event attendees|hub admin|/events/1/attendees"
  # seed-scale's resources (server/src/scale/resources.rs): 1 is the hub's
  # first, 201 program-0001's (both for everyone).
  "resources tab|member|/resources"
  "resource page|member|/resources/1"
  "program resources|member|/programs/program-0001/resources"
  "program resource page|member|/programs/program-0001/resources/201"
  "resources admin|hub admin|/resources"
)

sign_in() { # EMAIL -> the session cookie (name=value)
  local jar="$TMP/jar-$1"
  curl -fsS -o /dev/null -c "$jar" -X POST "$BASE/api/accounts/sign_in" \
    -H "origin: $BASE" -H 'accept: application/json' \
    --data-urlencode "email=$1" --data-urlencode "password=$PASSWORD" \
    || die "could not sign in as $1"
  awk '$6 ~ /session/ { print $6 "=" $7 }' "$jar" | head -n 1
}

# oha's JSON summary -> "p50_ms p99_ms rps failed": failed counts the
# answers that were not 2xx and the requests that got no answer at all
# (oha's successRate only sees the latter).
summarise() {
  python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d.get("latencyPercentiles", {})
s = d["summary"]
codes = d.get("statusCodeDistribution", {})
answered = sum(codes.values())
not_ok = sum(n for code, n in codes.items() if not str(code).startswith("2"))
# Requests still in flight when the run ends are cut, not failed.
errors = sum(n for kind, n in d.get("errorDistribution", {}).items() if "deadline" not in kind)
print("%.2f %.2f %.0f %d" % ((p.get("p50") or 0) * 1000, (p.get("p99") or 0) * 1000,
      s.get("requestsPerSec") or 0, not_ok + errors))'
}

RESULTS="$TMP/results"
: >"$RESULTS"
for backend in $BACKENDS; do
  case "$backend" in
    sqlite) URL="sqlite://$TMP/bench.db" ;;
    postgres)
      bash scripts/postgres.sh >/dev/null
      ADMIN_URL="${TEST_POSTGRES_URL:-postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres}"
      NAME="mentorhub_bench_$$"
      psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
      URL="${ADMIN_URL%/*}/$NAME"
      ;;
    *) die "unknown backend $backend (sqlite or postgres)" ;;
  esac
  log "$backend: seeding (server seed-scale ${BENCH_SEED_FLAGS:-})"
  seed_start=$(date +%s)
  # shellcheck disable=SC2086
  DATABASE_URL="$URL" SCALE_PASSWORD="$PASSWORD" RUST_LOG=warn "$BIN" seed-scale ${BENCH_SEED_FLAGS:-}
  echo "seeded in $(( $(date +%s) - seed_start )) s"

  log "$backend: serving on $BASE"
  (
    cd "$TMP"
    DATABASE_URL="$URL" SITE_ADDR="127.0.0.1:$PORT" COUNT_QUERIES=on \
      MAILBOX_DIR="$TMP/mailbox" LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn \
      exec "$BIN" serve
  ) &
  SERVER=$!
  for _ in $(seq 1 300); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || die "the server stopped; see above"
    sleep 0.2
  done
  MEMBER_COOKIE="$(sign_in "$MEMBER_EMAIL")"
  ADMIN_COOKIE="$(sign_in "$ADMIN_EMAIL")"
  HUB_ADMIN_COOKIE="$(sign_in "$HUB_ADMIN_EMAIL")"

  for entry in "${PAGES[@]}"; do
    IFS='|' read -r label who path <<<"$entry"
    if [[ -n "${BENCH_ONLY:-}" && "$label" != healthz ]] && ! [[ "$label" =~ $BENCH_ONLY ]]; then
      continue
    fi
    headers=()
    case "$who" in
      member) headers=(-H "cookie: $MEMBER_COOKIE") ;;
      "program admin") headers=(-H "cookie: $ADMIN_COOKIE") ;;
      "hub admin") headers=(-H "cookie: $HUB_ADMIN_COOKIE") ;;
    esac
    # The counts of a second request: the first after a pause also reads
    # the hub settings (kept for 5 s per process), as one in 5 s does.
    curl -s -o /dev/null "${headers[@]}" "$BASE$path"
    status_and_counts=$(curl -s -o /dev/null -D - "${headers[@]}" "$BASE$path" \
      | tr -d '\r' | awk 'NR == 1 { s = $2 } tolower($1) == "x-db-queries:" { q = $2 }
          tolower($1) == "x-db-checkouts:" { c = $2 } END { print s, (q == "" ? "-" : q), (c == "" ? "-" : c) }')
    read -r status queries checkouts <<<"$status_and_counts"
    [[ "$status" == 200 ]] || die "$backend $label ($who) answered $status"
    echo "  $label ($who): fixed rate"
    read -r p50 p99 _ ok < <(oha -z "$DURATION" -q "$RATE" -c "$CONNECTIONS" --no-tui \
      --output-format json "${headers[@]}" "$BASE$path" | summarise)
    echo "  $label ($who): saturation"
    read -r _ _ rps ok_saturated < <(oha -z "$SATURATE" -c "$CONNECTIONS" --no-tui \
      --output-format json "${headers[@]}" "$BASE$path" | summarise)
    echo "$backend|$label|$who|$p50|$p99|$rps|$queries|$checkouts|$ok|$ok_saturated" >>"$RESULTS"
  done
  stop_server
  if [[ "$backend" == postgres ]]; then
    psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"
  fi
done

# The table, and BENCHMARKS.md.
TABLE="$TMP/table.md"
python3 - "$RESULTS" "$RATE" "$DURATION" "$SATURATE" "$CONNECTIONS" >"$TABLE" <<'EOF'
import sys
path, rate, duration, saturate, connections = sys.argv[1:]
rows = [line.rstrip("\n").split("|") for line in open(path) if line.strip()]
floor = {r[0]: float(r[5]) for r in rows if r[1] == "healthz"}
print(f"| database | page | as | p50 ms @ {rate}/s | p99 ms @ {rate}/s | req/s at saturation | % of /healthz | queries | checkouts | failed (fixed / saturation) |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
for backend, label, who, p50, p99, rps, queries, checkouts, ok, ok_sat in rows:
    share = 100 * float(rps) / floor[backend] if floor.get(backend) else 0
    errors = "none" if int(ok) == 0 and int(ok_sat) == 0 else f"{ok} / {ok_sat}"
    print(f"| {backend} | {label} | {who} | {p50} | {p99} | {float(rps):,.0f} | {share:.1f} % | {queries} | {checkouts} | {errors} |")
print()
print(f"oha, {connections} connections, {duration} at {rate} req/s for the latencies, {saturate} unthrottled for the throughput; "
      "queries and checkouts of one request (COUNT_QUERIES=on).")
EOF
cat "$TABLE"

CPU="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
python3 - "$OUT" "$TABLE" "$(date -u +%Y-%m-%d)" "$(nproc) × $CPU" "$(git rev-parse --short HEAD)" "${BENCH_SEED_FLAGS:-defaults}" <<'EOF'
import os, sys
out, table, day, machine, commit, seed = sys.argv[1:]
head = "# Benchmarks\n\nWritten by `make bench` (`scripts/bench.sh`), the newest run first. See the README for how to run it.\n"
old = open(out).read() if os.path.exists(out) else head
if not old.startswith("# Benchmarks"):
    old = head + "\n" + old
title, _, rest = old.partition("\n## ")
rest = ("## " + rest) if rest else ""
run = (f"## {day}, commit {commit}\n\nMachine: {machine}. Data: `server seed-scale` ({seed}). "
       "Server and load generator on the same machine, over loopback.\n\n" + open(table).read() + "\n")
with open(out, "w") as f:
    f.write(title.rstrip("\n") + "\n\n" + run + rest)
EOF
echo "written to $OUT"
