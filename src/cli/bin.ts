/**
 * The `capstan` executable (`dist/cli/capstan.js`): wires {@link runCli} to the
 * process. Ctrl-C aborts a running command (its nodes end `cancelled`) and
 * then exits 130 (128 + SIGINT, what shells expect); a second Ctrl-C exits
 * 130 at once.
 */
import { CORE_VERSION } from '../plugin/core-version.js'
import { runCli } from './main.js'

const controller = new AbortController()
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort(new Error('interrupted (Ctrl-C)'))
})

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  version: CORE_VERSION,
  signal: controller.signal,
})
