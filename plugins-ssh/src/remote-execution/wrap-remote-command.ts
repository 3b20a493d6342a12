import { envHeader, readEnvHeader } from './env-header.js'
import type { RemoteCommand } from './remote-command.js'
import { quoteWord } from './shell-quote.js'
import { sudoCommandLine, type SudoOptions } from './sudo.js'

/** What {@link wrapRemoteCommand} makes of a command: the line for sshd and what its stdin starts with. */
export interface WrappedCommand {
  /** The command line sent to sshd. Holds the command, `cwd` and the variables' names, never their values. */
  commandLine: string
  /**
   * To write first on the channel's standard input (under sudo, once sudo
   * runs the wrapper, after the password), before the command's own input:
   * the variables, read by the wrapper. Empty without `env`.
   */
  stdinHeader: string
}

/**
 * The command line sent to sshd (which hands it to the login shell's `-c`),
 * and the header its standard input must start with.
 *
 * It starts `/bin/sh` on a small script, passed as a word so the login shell
 * only has to understand single quotes. The script:
 * 1. makes sure it leads its own process group. OpenSSH already calls
 *    `setsid()` for each session without a pty, so the shell's pid is its
 *    process group id (read from `/proc/$$/stat` by a builtin, or from `ps`
 *    without /proc); when it is not, it re-executes itself through
 *    `setsid(1)` (no fork: a non-leader becomes a leader in place);
 * 2. prints `<nonce> group <pgid>` as the first line of stderr (`<nonce> pid
 *    <pid>` when it could not get a group of its own: only that pid can then
 *    be killed). {@link runRemote} strips that line from the output;
 * 3. changes to `cwd`, reads `env` from its stdin and exports it (see
 *    `readEnvHeader` in env-header.ts: `read` builtins only, so the rest of
 *    stdin is the command's), and `eval`s the command in the same shell (see
 *    `inThisShell`), so the group id stays valid for the command's lifetime
 *    and no further process is started. The values never appear in an argv.
 *
 * The first line also names the login shell (`$SHELL`). Once a connection
 * showed a POSIX login shell and a session leading its own group,
 * `direct: true` (what {@link runRemote} then passes) hands steps 2 and 3 to
 * the login shell itself: one process per command, as with a bare `ssh host cmd`.
 *
 * With `sudo`, step 3 becomes `exec sudo -S ... /bin/sh -c '<command>'` (see
 * `sudoCommandLine` in sudo.ts): sudo keeps the pid and runs the command in the
 * same process group; the shell sudo starts reads `env` from stdin (after sudo
 * has read the password and reset the environment) and changes to `cwd` as the
 * target user.
 *
 * @throws CapstanError VALIDATION_ERROR for a bad env name, or a NUL byte in the command, cwd or a value.
 */
export function wrapRemoteCommand(input: RemoteCommand, nonce: string, sudo?: SudoOptions, options: { direct?: boolean | undefined } = {}): WrappedCommand {
  const stdinHeader = envHeader(input.env)
  const hasEnv = stdinHeader !== ''
  const command = quoteWord(input.command, 'command')
  const run = `/bin/sh -c ${command}`
  const cd = input.cwd === undefined || sudo !== undefined ? '' : `cd ${quoteWord(input.cwd.startsWith('-') ? `./${input.cwd}` : input.cwd, 'cwd')} || exit; `
  // The group id is field 5 of /proc/$$/stat, read by a builtin; `ps` (two processes) only without /proc.
  const readGroup = 'g=; if [ -r /proc/$$/stat ]; then read -r _ _ _ _ g _ </proc/$$/stat; fi; [ -n "$g" ] || g=$(ps -o pgid= -p $$ 2>/dev/null | tr -d " "); '
  const becomeLeader =
    'if [ "$g" != "$$" ] && command -v setsid >/dev/null 2>&1; then CAPSTAN_SETSID=1; export CAPSTAN_SETSID; exec setsid /bin/sh -c \'eval "$1"\' capstan-exec "$1"; fi; '
  const announce = `if [ "$g" = "$$" ]; then printf '%s group %s shell %s\\n' ${nonce} "$g" "\${SHELL-}" >&2; else printf '%s pid %s\\n' ${nonce} "$$" >&2; fi; `
  const body = cd + (sudo === undefined ? inThisShell(hasEnv, command) : `exec ${sudoCommandLine(sudo, nonce, run, { ...(input.cwd === undefined ? {} : { cwd: input.cwd }), env: hasEnv })}`)
  // A login shell already seen to be POSIX, in a session that led its group
  // (sshd does the same for every session of a connection), runs the script itself.
  if (options.direct === true) return { commandLine: `printf '%s group %s shell %s\\n' ${nonce} "$$" "\${SHELL-}" >&2; ${body}`, stdinHeader }
  const script = `if [ -n "$CAPSTAN_SETSID" ]; then unset CAPSTAN_SETSID; g=$$; else ${readGroup}${becomeLeader}fi; ${announce}${body}`
  return { commandLine: `exec /bin/sh -c 'eval "$1"' capstan-exec ${quoteWord(script)}`, stdinHeader }
}

/**
 * The command run by the wrapper's own shell (already `/bin/sh`, already the
 * group leader) rather than by one more `exec /bin/sh -c`: on a hundred
 * nodes at once that process start is most of a warm run's remote cost.
 * It sees what `sh -c` would give it: no positional parameters, none of the
 * wrapper's variables, `env` exported (read from stdin when `hasEnv`).
 */
function inThisShell(hasEnv: boolean, command: string): string {
  return `unset g; set --; ${hasEnv ? readEnvHeader() : ''}eval ${command}`
}
