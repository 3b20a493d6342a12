#!/usr/bin/env bash
# Starts or stops one PuppetDB instance (the Debian package's JVM, run by
# hand since there is no systemd), with its own config dir and database:
#
#   bash test/infra/puppetdb.sh start main    # 127.0.0.1:8080, HTTPS 8081, database puppetdb
#   bash test/infra/puppetdb.sh start fault   # 127.0.0.1:8090, database puppetdb_fault
#   bash test/infra/puppetdb.sh stop fault
#
# `fault` is the instance the fault-tolerance test stops and starts again
# while it runs, so the other suites keep theirs. PostgreSQL, the databases
# and the TLS material come from start-puppetdb.sh, which must have run once.
. "$(dirname "$0")/lib.sh"

action="${1:?start|stop}"
instance="${2:?main|fault}"
case "$instance" in
  main) http_port=8080 https_port=8081 database=puppetdb ;;
  fault) http_port=8090 https_port="" database=puppetdb_fault ;;
  *) log "unknown instance $instance"; exit 2 ;;
esac
name="puppetdb-$instance"
home="$CAPSTAN_INFRA/$name"
tls="$CAPSTAN_INFRA/puppetdb-tls"

configure() {
  mkdir -p "$home/conf.d" "$home/var" "$home/run"
  cat >"$home/conf.d/config.ini" <<INI
[global]
vardir = $home/var
logging-config = /etc/puppetdb/logback.xml

[puppetdb]
disable-update-checking = true
INI
  cat >"$home/conf.d/database.ini" <<INI
[database]
subname = //127.0.0.1:5432/$database
username = puppetdb
password = puppetdb
INI
  {
    printf '[jetty]\nhost = 127.0.0.1\nport = %s\n' "$http_port"
    if [[ -n "$https_port" ]]; then
      # Mutual TLS: the client must present a certificate signed by our CA.
      printf 'ssl-host = 127.0.0.1\nssl-port = %s\n' "$https_port"
      printf 'ssl-key = %s\nssl-cert = %s\nssl-ca-cert = %s\nclient-auth = need\n' \
        "$tls/server.key" "$tls/server.pem" "$tls/ca.pem"
    fi
  } >"$home/conf.d/jetty.ini"
  cp /etc/puppetdb/conf.d/auth.conf "$home/conf.d/auth.conf"
  chown -R puppetdb:puppetdb "$home"
  chmod 0750 "$home"
}

# ours_answers: exits unless the ports are held by our JVM (its pid file's session,
# started with our config dir) and its version endpoint names the installed PuppetDB.
ours_answers() {
  local port version
  for port in $http_port $https_port; do
    own_listener "$name" "$port" "$home/conf.d" || { log "$name (pid $(cat "$CAPSTAN_INFRA/$name.pid")) does not listen on $port"; exit 1; }
  done
  installed=$(dpkg-query -W -f='${Version}' puppetdb | sed 's/-[^-]*$//')
  version=$(curl -fsS --max-time 10 "http://127.0.0.1:$http_port/pdb/meta/v1/version" | grep -o '"version" *: *"[^"]*"' | grep -o '[0-9][^"]*' || true)
  if [[ "$version" != "$installed" ]]; then
    log "127.0.0.1:$http_port answers version '${version:-none}', not the installed PuppetDB $installed"
    exit 1
  fi
}

start() {
  if running "$name"; then
    ours_answers
    log "$name already running (pid $(cat "$CAPSTAN_INFRA/$name.pid"), PuppetDB $installed)"
    return 0
  fi
  # Not ours, yet something listens there: own_listener names it and exits.
  for port in $http_port $https_port; do own_listener "$name" "$port" "$home/conf.d" || true; done
  configure
  # The command line of the package's systemd unit, with our config dir.
  daemon "$name" puppetdb /usr/bin/java "-Xmx${PUPPETDB_HEAP:-384m}" \
    -Djava.security.egd=/dev/urandom -XX:OnOutOfMemoryError="kill -9 %p" \
    -cp /usr/share/puppetdb/puppetdb.jar clojure.main -m puppetlabs.puppetdb.core \
    services --config "$home/conf.d" --bootstrap-config /etc/puppetdb/bootstrap.cfg \
    --restart-file "$home/run/restart"
  # Answers "running" only when every service is up (the first start also migrates the schema).
  if ! wait_http "http://127.0.0.1:$http_port/status/v1/services/puppetdb-status" "${PUPPETDB_START_TIMEOUT:-600}" '"state" *: *"running"'; then
    tail -40 "$CAPSTAN_INFRA/$name.log" >&2
    return 1
  fi
  ours_answers
  log "$name answers on 127.0.0.1:$http_port (pid $(cat "$CAPSTAN_INFRA/$name.pid"), PuppetDB $installed)"
}

case "$action" in
  start) start ;;
  stop) stop_daemon "$name" ;;
  *) log "unknown action $action"; exit 2 ;;
esac
