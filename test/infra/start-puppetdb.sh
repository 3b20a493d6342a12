#!/usr/bin/env bash
# PostgreSQL 15 and two PuppetDB 7 instances on 127.0.0.1, for the PuppetDB
# plugin's integration suite (plugins-puppetdb/test/integration):
#   main  http://127.0.0.1:8080 and https://127.0.0.1:8081 (client certificates)
#   fault http://127.0.0.1:8090, stopped and started again by the fault test
# and the journal's PostgreSQL store suite (packages/store-postgres).
# Idempotent. Writes PUPPETDB_* and JOURNAL_PG_URL to test/infra/.env.
. "$(dirname "$0")/lib.sh"

if ! dpkg -s puppetdb >/dev/null 2>&1; then
  log "puppetdb is not installed: .ci/run installs test/infra/packages.txt"
  exit 1
fi

# ---- PostgreSQL: the cluster the package made, started without systemd.
pg_lsclusters -h | grep -q '^15 \+main' || pg_createcluster 15 main --port 5432
# The two PuppetDBs' connection pools take about 100 connections, PostgreSQL's
# default max_connections: the journal store's suite needs room of its own.
# The setting applies when the cluster starts; a cluster already running with
# less is left alone (restarting it would cut the PuppetDBs off), with a note.
pg_conftool 15 main set max_connections 300
if ! pg_lsclusters -h | awk '$1 == 15 && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster 15 main start
fi
psql_admin() { runuser -u postgres -- psql -p 5432 -v ON_ERROR_STOP=1 -qAt "$@"; }
if (( $(psql_admin -c 'show max_connections') < 300 )); then
  log "PostgreSQL runs with max_connections $(psql_admin -c 'show max_connections') (< 300): the journal store suite may find no free connection; restart the cluster when nothing uses it (pg_ctlcluster 15 main restart)"
fi
if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = 'puppetdb'")" != 1 ]]; then
  psql_admin -c "create role puppetdb login password 'puppetdb'"
fi
for database in puppetdb puppetdb_fault; do
  if [[ "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" != 1 ]]; then
    runuser -u postgres -- createdb -p 5432 -T template0 -E UTF8 -O puppetdb "$database"
  fi
  psql_admin -d "$database" -c 'create extension if not exists pg_trgm'
done

# ---- the journal's PostgreSQL store (packages/store-postgres): its own role
# and database; each test makes (and drops) a schema of its own in it.
if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = 'capstan_journal'")" != 1 ]]; then
  psql_admin -c "create role capstan_journal login"
fi
# A password unlike the role's name, so the suite's check that no error shows it means something.
psql_admin -c "alter role capstan_journal password 'journal-Pw-7x'"
if [[ "$(psql_admin -c "select 1 from pg_database where datname = 'capstan_journal'")" != 1 ]]; then
  runuser -u postgres -- createdb -p 5432 -T template0 -E UTF8 -O capstan_journal capstan_journal
fi
env_set JOURNAL_PG_URL postgres://capstan_journal:journal-Pw-7x@127.0.0.1:5432/capstan_journal

# ---- TLS: a CA, a server certificate for 127.0.0.1, a client certificate,
# and a client certificate from a CA PuppetDB does not trust.
tls="$CAPSTAN_INFRA/puppetdb-tls"
if [[ ! -f "$tls/client.pem" ]]; then
  mkdir -p "$tls"
  make_ca() { # make_ca NAME
    openssl genrsa -traditional -out "$tls/$1.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$tls/$1.key" -sha256 -days 30 -subj "/CN=Capstan test $1" -out "$tls/$1.pem"
  }
  make_cert() { # make_cert NAME CA CN [SAN]
    openssl genrsa -traditional -out "$tls/$1.key" 2048 2>/dev/null
    openssl req -new -key "$tls/$1.key" -subj "/CN=$3" -out "$tls/$1.csr"
    local ext="$tls/$1.ext"
    printf 'basicConstraints=CA:FALSE\n' >"$ext"
    [[ -n "${4:-}" ]] && printf 'subjectAltName=%s\n' "$4" >>"$ext"
    openssl x509 -req -in "$tls/$1.csr" -CA "$tls/$2.pem" -CAkey "$tls/$2.key" -CAcreateserial \
      -days 30 -sha256 -extfile "$ext" -out "$tls/$1.pem" 2>/dev/null
    rm -f "$tls/$1.csr" "$ext"
  }
  make_ca ca
  make_cert server ca localhost 'IP:127.0.0.1,DNS:localhost'
  make_cert client ca capstan-test-client
  make_ca other-ca
  make_cert stranger other-ca capstan-stranger
  chown -R puppetdb:puppetdb "$tls"
  chmod 0750 "$tls"
  chmod 0644 "$tls"/*.pem "$tls"/*.key
  log "TLS material in $tls"
fi

# ---- both instances at once: each JVM takes a while to start.
bash "$INFRA_DIR/puppetdb.sh" start main & main=$!
bash "$INFRA_DIR/puppetdb.sh" start fault & fault=$!
wait "$main"
wait "$fault"

env_set PUPPETDB_URL http://127.0.0.1:8080
env_set PUPPETDB_TLS_URL https://127.0.0.1:8081
env_set PUPPETDB_TLS_DIR "$tls"
env_set PUPPETDB_FAULT_URL http://127.0.0.1:8090
env_set PUPPETDB_CTL "$INFRA_DIR/puppetdb.sh"
