/** What a remote command's wrapper announced it can be stopped by: its process group, or only its own pid. */
export type KillTarget = { kind: 'group' | 'pid'; id: number }

/** How often the stop script looks whether anything of the target is still alive. */
const POLL_MS = 50

/**
 * The shell script that stops `target` on the server: TERM now, then KILL to
 * whatever is still alive once `graceMs` has passed, timed on the server. It
 * exits as soon as nothing of the target is alive, so a command that exits
 * on TERM is reported stopped within a poll (50 ms), not after the grace.
 *
 * "Alive" leaves out zombies: a member orphaned by the leader's death is
 * reparented to init, and an init that reaps late (a container's, seen here
 * at 1–2 s) keeps it in the group as a zombie, which `kill -0` still finds.
 * With /proc, each member's state is read by shell builtins; without it, a
 * zombie counts as alive, as `kill -0` says.
 *
 * The grace is measured on /proc/uptime (hundredths of a second, read by a
 * builtin), so a slow scan of /proc on a busy server does not stretch it;
 * without /proc, by counting polls. The first reading is truncated to its
 * centisecond, so the grace is one tick longer than asked: at least
 * `graceMs`, never up to 10 ms short.
 */
export function stopScript(target: KillTarget, graceMs: number): string {
  const id = target.kind === 'group' ? `-${target.id}` : `${target.id}`
  // Fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp.
  const members = target.kind === 'group' ? '/proc/[0-9]*/stat' : `/proc/${target.id}/stat`
  const isMember = target.kind === 'group' ? `[ "$3" = ${target.id} ] && return 0` : 'return 0'
  const alive =
    `alive() { kill -0 ${id} 2>/dev/null || return 1; [ -r /proc/$$/stat ] || return 0; ` +
    `for f in ${members}; do read -r l 2>/dev/null <"$f" || continue; set -- \${l##*") "}; case $1 in Z|X) continue;; esac; ${isMember}; done; return 1; }; `
  // Centiseconds since boot (the fraction read as 1xx less 100, so "0.08" is not taken for octal);
  // without /proc/uptime, one poll's worth more each call.
  const now =
    `now() { if read -r u _ 2>/dev/null </proc/uptime; then t=$((\${u%.*}*100+1\${u#*.}-100)); else t=$((t+${POLL_MS / 10})); fi; }; `
  const poll = `sleep 0.${String(POLL_MS).padStart(3, '0')}`
  return (
    `${alive}${now}t=0; now; end=$((t+${graceTicks(graceMs)})); kill -TERM ${id} 2>/dev/null || exit 0; ` +
    `while alive; do now; if [ $t -ge $end ]; then kill -KILL ${id} 2>/dev/null; exit 0; fi; ${poll}; done`
  )
}

/** Ticks of /proc/uptime (10 ms) that cover `graceMs` from a reading truncated to its tick. */
function graceTicks(graceMs: number): number {
  return Math.ceil(graceMs / 10) + 1
}
