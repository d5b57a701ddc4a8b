#!/usr/bin/env bash
# Makes sure an S3-compatible server answers at $TEST_S3_URL (default
# http://127.0.0.1:9100) for the file storage tests (app/src/resources/
# storage.rs), which create a bucket per run. When nothing answers, starts
# moto's server (installed from PyPI into a venv in the cache folder the
# first time) on 127.0.0.1:9100 in the background, logging next to the venv.
source "$(dirname "$0")/lib.sh"

URL="${TEST_S3_URL:-http://127.0.0.1:9100}"
HOST=127.0.0.1
PORT=9100
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mentorhub"
VENV="$CACHE/moto"
LOG="$CACHE/moto.log"
# moto 5's server; a newer major version may change how it is started.
MOTO_SPEC='moto[server]>=5,<6'

# Any HTTP answer counts: listing the buckets needs no signature on moto.
reachable() { curl -s -o /dev/null --max-time 2 "$URL/"; }

if reachable; then
  log "S3 server is reachable at $URL"
  exit 0
fi
if [[ -n "${TEST_S3_URL:-}" ]]; then
  die "TEST_S3_URL is set but nothing answers at it"
fi

command -v curl >/dev/null || die "curl is needed to see whether the S3 server answers"

if [[ ! -x "$VENV/bin/moto_server" ]]; then
  log "installing moto's S3 server into $VENV"
  mkdir -p "$CACHE"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 ships without venv until python3-venv is installed.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$MOTO_SPEC" \
    || die "could not install $MOTO_SPEC from PyPI"
fi

log "starting moto's S3 server on $HOST:$PORT (log: $LOG)"
mkdir -p "$CACHE"
nohup "$VENV/bin/moto_server" -H "$HOST" -p "$PORT" >>"$LOG" 2>&1 </dev/null &
pid=$!
for _ in $(seq 1 60); do
  reachable && break
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOG" >&2; die "moto's server exited at start"; }
  sleep 0.5
done
reachable || { tail -n 20 "$LOG" >&2; die "moto's server started but $URL does not answer"; }
log "S3 server is reachable at $URL"
