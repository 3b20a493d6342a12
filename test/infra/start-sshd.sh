#!/usr/bin/env bash
# Throwaway OpenSSH servers on 127.0.0.1 for the SSH plugin's integration
# suites, run from Debian's openssh-server without systemd or PAM:
#   main  127.0.0.1:2222
#   other 127.0.0.1:2223  (its own host key: a known_hosts entry of main's key
#                          for it is a host key mismatch)
# Login is by key only, as the test user `capstan` (login shell /bin/sh, no rc
# files, so a command measures the transport and not a shell's start-up) or
# root. `capstan` may use sudo with the password in $SSH_INFRA/sudo-password.
# Both forward TCP (ProxyJump) to 127.0.0.1/localhost only. Keys, known_hosts
# and logs live in $CAPSTAN_INFRA/sshd. Idempotent: a running server whose
# configuration changed re-reads it (SIGHUP, sessions stay); writes SSH_* to
# test/infra/.env.
. "$(dirname "$0")/lib.sh"

if [[ ! -x /usr/sbin/sshd ]]; then
  log "openssh-server is not installed: .ci/run installs test/infra/packages.txt"
  exit 1
fi
dir="$CAPSTAN_INFRA/sshd"
mkdir -p "$dir" /run/sshd
chmod 0755 "$dir"

# ---- the test user: /bin/sh, an empty home, a sudo password.
if ! id capstan >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh capstan
fi
rm -f ~capstan/.profile ~capstan/.bashrc ~capstan/.bash_logout
if [[ ! -f "$dir/sudo-password" ]]; then
  openssl rand -hex 12 >"$dir/sudo-password"
  chmod 0600 "$dir/sudo-password"
fi
echo "capstan:$(cat "$dir/sudo-password")" | chpasswd
printf 'capstan ALL=(ALL:ALL) ALL\nDefaults:capstan !lecture, passwd_tries=1\n' >/etc/sudoers.d/capstan-test
chmod 0440 /etc/sudoers.d/capstan-test

# ---- keys: host keys per instance, a client key (authorized), the same key
# with a passphrase, and a key nobody authorized.
key() { [[ -f "$dir/$1" ]] || ssh-keygen -q -t ed25519 -N "${2:-}" -C "capstan-$1" -f "$dir/$1"; }
key host-main
key host-other
key client
key stranger
if [[ ! -f "$dir/client-passphrase" ]]; then
  openssl rand -hex 8 >"$dir/client-passphrase"
  cp "$dir/client" "$dir/client-encrypted"
  ssh-keygen -q -p -P "" -N "$(cat "$dir/client-passphrase")" -f "$dir/client-encrypted" >/dev/null
fi
cat "$dir/client.pub" >"$dir/authorized_keys"
chmod 0644 "$dir/authorized_keys" "$dir"/*.pub
chmod 0600 "$dir/client" "$dir/client-encrypted" "$dir/stranger" "$dir/host-main" "$dir/host-other"

# known_hosts: each instance under its [host]:port name.
{
  printf '[127.0.0.1]:2222 %s\n' "$(cut -d' ' -f1,2 "$dir/host-main.pub")"
  printf '[127.0.0.1]:2223 %s\n' "$(cut -d' ' -f1,2 "$dir/host-other.pub")"
} >"$dir/known_hosts"

# offers_host_key NAME PORT: exits unless 127.0.0.1:PORT offers sshd-NAME's host key.
offers_host_key() {
  local offered expected
  offered=$(ssh-keyscan -T 5 -t ed25519 -p "$2" 127.0.0.1 2>/dev/null | awk '{ print $2, $3 }' || true)
  expected=$(cut -d' ' -f1,2 "$dir/host-$1.pub")
  if [[ "$offered" != "$expected" ]]; then
    log "127.0.0.1:$2 offers the host key '${offered:-none}', not the one of sshd-$1 ($dir/host-$1.pub)"
    exit 1
  fi
}

start_sshd() { # start_sshd NAME PORT
  local name="$1" port="$2"
  local config="$dir/sshd_config-$name"
  cat >"$config.new" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host-$name
PidFile $dir/sshd-$name.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
PermitUserEnvironment no
# Fan-out: a hundred connections at once, many channels on each.
MaxStartups 400:30:800
MaxSessions 400
Subsystem sftp internal-sftp
LogLevel VERBOSE
# ProxyJump tests: direct-tcpip forwarding, to this machine only.
AllowTcpForwarding local
PermitOpen 127.0.0.1:* localhost:*
CONF
  /usr/sbin/sshd -t -f "$config.new"
  if running "sshd-$name"; then
    # Ours: its pid file's session listens on the port, with our config and host key.
    own_listener "sshd-$name" "$port" "$config" || { log "sshd-$name (pid $(cat "$CAPSTAN_INFRA/sshd-$name.pid")) does not listen on $port"; return 1; }
    offers_host_key "$name" "$port"
    if cmp -s "$config.new" "$config"; then
      rm -f "$config.new"
      log "sshd-$name already running"
    else
      # A changed configuration: sshd re-reads it on SIGHUP; open sessions stay.
      mv "$config.new" "$config"
      kill -HUP "$(cat "$CAPSTAN_INFRA/sshd-$name.pid")"
      log "sshd-$name already running, configuration reloaded"
    fi
    return 0
  fi
  # Not ours, yet something listens there: own_listener names it and exits.
  own_listener "sshd-$name" "$port" "$config" || true
  mv "$config.new" "$config"
  # -D: stays in the foreground in its own session, so its pid and group are ours.
  setsid /usr/sbin/sshd -D -f "$dir/sshd_config-$name" -E "$dir/sshd-$name.log" </dev/null >/dev/null 2>&1 &
  echo $! >"$CAPSTAN_INFRA/sshd-$name.pid"
  local i=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    if ((i > 100)); then log "sshd-$name does not listen on $port"; tail -20 "$dir/sshd-$name.log" >&2; return 1; fi
  done
  own_listener "sshd-$name" "$port" "$config" || { log "sshd-$name stopped listening on $port"; return 1; }
  offers_host_key "$name" "$port"
  log "sshd-$name answers on 127.0.0.1:$port (pid $(cat "$CAPSTAN_INFRA/sshd-$name.pid"))"
}
start_sshd main 2222
start_sshd other 2223

env_set SSH_HOST 127.0.0.1
env_set SSH_PORT 2222
env_set SSH_OTHER_PORT 2223
env_set SSH_USER capstan
env_set SSH_INFRA "$dir"
env_set SSH_KEY "$dir/client"
env_set SSH_KNOWN_HOSTS "$dir/known_hosts"
