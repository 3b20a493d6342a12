#!/usr/bin/env bash
# Stops the sshd instances start-sshd.sh started (by their process groups).
. "$(dirname "$0")/lib.sh"
stop_daemon sshd-main || true
stop_daemon sshd-other || true
