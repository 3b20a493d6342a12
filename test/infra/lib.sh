# shellcheck shell=bash
# Helpers for the start-*/stop-* scripts. Source it: . "$(dirname "$0")/lib.sh"
#
# Conventions: everything listens on 127.0.0.1 only; every daemon we start
# runs in its own session with its pid in $CAPSTAN_INFRA/<name>.pid and its
# console in $CAPSTAN_INFRA/<name>.log; daemons are stopped by that pid
# (their process group), never by name. What tests need to know (urls,
# certificate paths) goes to test/infra/.env as KEY=VALUE lines.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CAPSTAN_INFRA="${CAPSTAN_INFRA:-/tmp/capstan-infra}"
ENV_FILE="$INFRA_DIR/.env"
mkdir -p "$CAPSTAN_INFRA"

log() { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# env_set KEY VALUE: records KEY=VALUE in test/infra/.env, replacing an older value.
env_set() {
  touch "$ENV_FILE"
  local tmp; tmp=$(mktemp)
  grep -v "^$1=" "$ENV_FILE" >"$tmp" || true
  printf '%s=%s\n' "$1" "$2" >>"$tmp"
  mv "$tmp" "$ENV_FILE"
}

# running NAME: true when the daemon NAME we started is alive.
running() {
  local f="$CAPSTAN_INFRA/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# daemon NAME USER CMD...: starts CMD as USER in a new session, detached.
daemon() {
  local name="$1" user="$2"; shift 2
  setsid runuser -u "$user" -- "$@" >"$CAPSTAN_INFRA/$name.log" 2>&1 </dev/null &
  echo $! >"$CAPSTAN_INFRA/$name.pid"
  log "started $name (pid $!, log $CAPSTAN_INFRA/$name.log)"
}

# stop_daemon NAME: TERM to the daemon's process group, KILL after 30 s.
stop_daemon() {
  local f="$CAPSTAN_INFRA/$1.pid"
  [[ -f "$f" ]] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i=0
    while kill -0 "$pid" 2>/dev/null && ((i < 300)); do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$f"
}

# wait_http URL SECONDS REGEX [CURL_ARGS...]: polls until URL answers with a body matching REGEX.
wait_http() {
  local url="$1" timeout="$2" pattern="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until curl -fsS --max-time 5 "$@" "$url" 2>/dev/null | grep -Eq "$pattern"; do
    if ((SECONDS >= deadline)); then log "no answer from $url within ${timeout}s"; return 1; fi
    sleep 0.5
  done
}

# listeners PORT: the `ss -ltnp` lines of whatever listens on TCP port PORT.
listeners() { ss -Hltnp "sport = :$1" 2>/dev/null || true; }

# own_listener NAME PORT MARKER: 0 when what listens on PORT is the daemon NAME
# we started: each listening process is in the session of the pid in
# $CAPSTAN_INFRA/NAME.pid (daemons start with setsid) and its command line
# holds MARKER (our config path). 1 when nothing listens. Anything else holds
# the port: exits naming that process, so no suite connects to a server we did
# not start (another sshd on 2222 once answered the suites with its own keys).
own_listener() {
  local name="$1" port="$2" marker="$3" pidfile="$CAPSTAN_INFRA/$1.pid" ours="" pids pid
  pids=$(listeners "$port" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)
  [[ -z "$pids" ]] && return 1
  [[ -f "$pidfile" ]] && ours=$(cat "$pidfile")
  for pid in $pids; do
    local sid cmdline
    sid=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ -z "$ours" || "$sid" != "$ours" || "$cmdline" != *"$marker"* ]]; then
      log "port $port is held by a process that is not our $name (pid file $pidfile: ${ours:-none}, command line with $marker):"
      listeners "$port" | sed 's/^/    /' >&2
      log "    pid $pid: $(ps -o user=,args= -p "$pid" 2>/dev/null | cut -c1-200)"
      log "stop that process or free port $port, then run this script again"
      exit 1
    fi
  done
  return 0
}
