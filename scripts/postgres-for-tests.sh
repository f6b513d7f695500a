#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's package) with an empty database for the tests that run
# on every engine, and prints the URL to put in STRATUS_TEST_POSTGRES_URL. Root only; idempotent.
set -euo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
cd "$(dirname "$0")/.."
# postgresql's postinst would try to start the service; policy-rc.d tells it not to (no systemd here).
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; fi
node scripts/install-debian-packages.mjs postgresql >&2
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
[ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main >&2
pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online || pg_ctlcluster "$version" main start >&2
for _ in $(seq 1 30); do su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='stratus_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role stratus_test login password 'stratus_test'\"" >&2
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='stratus_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create database stratus_test owner stratus_test\"" >&2
echo "postgres://stratus_test:stratus_test@127.0.0.1/stratus_test"
