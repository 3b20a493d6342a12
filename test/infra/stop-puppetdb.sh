#!/usr/bin/env bash
# Stops what start-puppetdb.sh started: both PuppetDB instances, then PostgreSQL.
. "$(dirname "$0")/lib.sh"
bash "$INFRA_DIR/puppetdb.sh" stop main || true
bash "$INFRA_DIR/puppetdb.sh" stop fault || true
if pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster 15 main stop -m fast && log "stopped postgresql"
fi
