import { CapstanError } from 'capstan'
import { collectProcess, thrownMessage } from 'capstan/plugin-kit'
import { outputExcerpt } from './output-excerpt.js'
import { stripAnsi } from './strip-ansi.js'

/** How the plugin runs bolt for calls that answer with one JSON document. */
export interface BoltJsonCall {
  boltPath: string
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  graceMs: number
  signal?: AbortSignal
}

/**
 * Runs `bolt <argv>` (inventory show, group show, task show, the facts task)
 * and parses its JSON document. Exit code 1 with a JSON document is returned
 * as it is: the mappers read Bolt's `_error` and per-target failures. Plain
 * text, a timeout or a missing executable is a CapstanError naming the call.
 */
export async function runBoltJson(argv: readonly string[], call: BoltJsonCall): Promise<unknown> {
  const what = `bolt ${argv.slice(0, 2).join(' ')}`
  const timeout = AbortSignal.timeout(call.timeoutMs)
  const signal = call.signal === undefined ? timeout : AbortSignal.any([call.signal, timeout])
  let run
  try {
    run = await collectProcess({ argv: [call.boltPath, ...argv], cwd: call.cwd, env: call.env, signal, graceMs: call.graceMs })
  } catch (error) {
    throw startFailure(error, call.boltPath, what)
  }
  if (run.killed) {
    if (call.signal?.aborted) throw new CapstanError('CANCELLED', { message: `${what} was cancelled`, cause: call.signal.reason })
    throw new CapstanError('TIMEOUT', { message: `${what} did not finish within ${call.timeoutMs} ms`, details: { timeoutMs: call.timeoutMs } })
  }
  try {
    return JSON.parse(run.stdout) as unknown
  } catch (error) {
    const said = outputExcerpt(stripAnsi([run.stdout, run.stderr].filter((s) => s.trim() !== '').join('\n')))
    throw new CapstanError('PLUGIN_ERROR', { message: `${what} did not print JSON (exit ${run.exitCode ?? run.signal}): ${said}`, details: { exitCode: run.exitCode }, cause: error })
  }
}

/** Runs `bolt --version`; the first line of its output. */
export async function boltVersion(call: BoltJsonCall): Promise<string> {
  let run
  try {
    run = await collectProcess({ argv: [call.boltPath, '--version'], cwd: call.cwd, env: call.env, signal: AbortSignal.timeout(call.timeoutMs), graceMs: call.graceMs })
  } catch (error) {
    throw startFailure(error, call.boltPath, 'bolt --version')
  }
  const version = run.stdout.trim().split('\n')[0] ?? ''
  if (run.killed || run.exitCode !== 0 || version === '') {
    const said = run.killed ? `no answer within ${call.timeoutMs} ms` : outputExcerpt(stripAnsi(`${run.stdout}\n${run.stderr}`.trim())) || `exit ${run.exitCode}`
    throw new CapstanError('CONFIG_ERROR', { message: `${call.boltPath} --version failed: ${said}`, details: { field: 'boltPath', boltPath: call.boltPath } })
  }
  return version
}

function startFailure(error: unknown, boltPath: string, what: string): CapstanError {
  const message = thrownMessage(error)
  return new CapstanError('CONFIG_ERROR', {
    message: `Cannot run ${what}: ${message}. Install Puppet Bolt or set the plugin's boltPath option.`,
    details: { field: 'boltPath', boltPath },
    cause: error,
  })
}
