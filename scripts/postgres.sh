#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at $TEST_POSTGRES_URL (default
# postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres) with a role that
# may create databases: the store and API tests create one per test.
# Installs and starts the Debian cluster when nothing answers.
source "$(dirname "$0")/lib.sh"

URL="${TEST_POSTGRES_URL:-postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres}"

reachable() { psql "$URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if command -v psql >/dev/null && reachable; then
  log "PostgreSQL is reachable"
  exit 0
fi
if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
  die "TEST_POSTGRES_URL is set but nothing answers at it"
fi

if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
  log "installing PostgreSQL"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi

VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  log "starting PostgreSQL $VERSION"
  pg_ctlcluster "$VERSION" main start
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -Atqc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mentorhub') THEN
    CREATE ROLE mentorhub LOGIN PASSWORD 'mentorhub' CREATEDB;
  END IF;
END $$;
SQL
reachable || die "PostgreSQL started but $URL does not answer"
log "PostgreSQL is reachable"
