/**
 * The `capstan` executable (`dist/cli/capstan.js`): wires {@link runCli} to the
 * process. Ctrl-C, SIGTERM (`kill`, `timeout`, systemd, Kubernetes) and SIGHUP
 * (the terminal went away) cancel a running command: its nodes end
 * `cancelled`, their processes get SIGTERM (SIGKILL after the grace), the
 * results are printed, and the bin exits 130, 143 or 129 (128 + the signal,
 * what shells expect). A second signal ends the grace: what is left gets
 * SIGKILL at once, and the bin exits as soon as that is done.
 */
import { CORE_VERSION } from '../plugin/core-version.js'
import { runCli } from './main.js'
import { STOP_SIGNALS, StopSignalReceived, type StopSignal } from './stop-signal.js'

/** How long a second signal waits for the killing and the results before the bin exits anyway. */
const EXIT_AFTER_KILL_MS = 1_500

const controller = new AbortController()
const kill = new AbortController()
for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
  process.on(signal, () => {
    if (!controller.signal.aborted) return controller.abort(new StopSignalReceived(signal))
    if (kill.signal.aborted) process.exit(STOP_SIGNALS[signal])
    kill.abort(new StopSignalReceived(signal))
    setTimeout(() => process.exit(STOP_SIGNALS[signal]), EXIT_AFTER_KILL_MS).unref()
  })
}
// After a hang-up the terminal is gone: a write that fails then must not crash the bin before the nodes are stopped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (!controller.signal.aborted) throw error
  })
}

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  version: CORE_VERSION,
  signal: controller.signal,
  killSignal: kill.signal,
})
