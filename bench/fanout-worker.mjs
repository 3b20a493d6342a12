// @ts-check
/**
 * One Capstan measurement of the fan-out bench, in a fresh process, as an
 * application would run it: plain Node on the built packages (`capstan` and
 * `@capstan/plugin-ssh` from their dist/, no TypeScript compiler at start-up).
 * `node bench/fanout-worker.mjs <ssh_config> <private key> <known_hosts> <count>`.
 * Creates Capstan with the SSH plugin (nodes from the ssh_config), runs
 * `true` on node001 … nodeNNN over new connections (cold), then once more on
 * the pooled connections (warm), closes, and prints a FanoutSample (see
 * fanout-setup.ts) as JSON on the last line of stdout. Exits non-zero unless
 * every node of both runs ended `success` with exit code 0.
 */
import { createCapstan } from 'capstan'
import { sshPlugin } from '@capstan/plugin-ssh'

// performance.now() counts from the process's start: this is Node's start-up and the imports above.
const loadedMs = performance.now()

// Node's warnings (a listener leak, say) go into the sample: the bench prints them, as run.ts does for its own process.
/** @type {Map<string, number>} */
const warnings = new Map()
process.removeAllListeners('warning')
process.on('warning', (warning) => {
  const key = `${warning.name}: ${warning.message}`
  warnings.set(key, (warnings.get(key) ?? 0) + 1)
})

const [sshConfig, privateKeyPath, knownHosts, countArg] = process.argv.slice(2)
if (sshConfig === undefined || privateKeyPath === undefined || knownHosts === undefined || countArg === undefined || !/^\d+$/.test(countArg)) {
  console.error('usage: node bench/fanout-worker.mjs <ssh_config> <private key> <known_hosts> <count>')
  process.exit(2)
}
const names = Array.from({ length: Number(countArg) }, (_, i) => `node${String(i + 1).padStart(3, '0')}`)

/**
 * Nodes that succeeded; throws with the first failures when not all of them did.
 * @param {import('capstan').ExecutionResult} result
 * @param {string} run
 */
function checked(result, run) {
  const ok = result.nodes.filter((node) => node.status === 'success' && node.exitCode === 0)
  const seen = new Set(result.nodes.map((node) => node.node))
  const missing = names.filter((name) => !seen.has(name))
  if (result.status !== 'success' || ok.length !== names.length || missing.length > 0) {
    const failures = result.nodes
      .filter((node) => node.status !== 'success' || node.exitCode !== 0)
      .slice(0, 5)
      .map((node) => `${node.node} ${node.status} exit ${node.exitCode}: ${node.error?.message ?? node.stderr.trim()}`)
    throw new Error(
      `${run} run ended ${result.status}: ${ok.length}/${names.length} nodes succeeded${missing.length > 0 ? `, ${missing.length} not in the result (${missing.slice(0, 5).join(', ')})` : ''}; ${failures.join('; ')}`,
    )
  }
  return ok.length
}

const createStart = performance.now()
const capstan = await createCapstan({
  // maxPerHost 100: the 100 names are one sshd standing in for 100 machines, and the pool counts per user@host:port.
  plugins: [sshPlugin({ sshConfig, privateKeyPath, knownHosts, pool: { maxPerHost: 100, maxTotal: 128 } })],
  concurrency: 100,
})
const createMs = performance.now() - createStart

let coldExecMs = 0
let warmExecMs = 0
let coldOk = 0
let warmOk = 0
let processToColdMs = 0
let closeMs = 0
try {
  const coldStart = performance.now()
  const cold = await capstan.command.execute({ targets: names, command: 'true' }).result
  coldExecMs = performance.now() - coldStart
  processToColdMs = performance.now()
  coldOk = checked(cold, 'cold')

  const warmStart = performance.now()
  const warm = await capstan.command.execute({ targets: names, command: 'true' }).result
  warmExecMs = performance.now() - warmStart
  warmOk = checked(warm, 'warm')
} catch (error) {
  // One line the bench can quote, not a stack trace of this script.
  console.error(`fanout-worker: ${error instanceof Error ? error.message : String(error)}`)
  for (const [warning, count] of warnings) console.error(`warning x${count}: ${warning}`)
  process.exitCode = 1
} finally {
  const closeStart = performance.now()
  await capstan.close()
  closeMs = performance.now() - closeStart
}

if (process.exitCode === undefined) {
  await new Promise((resolve) => setImmediate(resolve))
  const sample = { loadMs: loadedMs, createMs, coldExecMs, warmExecMs, closeMs, processToColdMs, coldOk, warmOk, warnings: [...warnings].map(([warning, count]) => `${warning} (x${count})`) }
  console.log(JSON.stringify(sample))
}
