import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchOutcome, BenchResult } from './bench-result.js'

/**
 * Runs every `*.bench.ts` module in this folder: each exported function whose
 * name starts with `bench` is called and its {@link BenchResult}s printed.
 * Arguments filter what runs: a module runs when its name (`streaming` for
 * `streaming.bench.ts`) or one of its bench functions' names contains any of
 * them, case-insensitively (`npm run bench -- streaming queue`).
 * Exits with status 1 when a goal is missed or a bench throws, so CI can gate on it.
 */
async function main(filters: string[]): Promise<void> {
  const warnings = collectWarnings()
  const dir = fileURLToPath(new URL('.', import.meta.url))
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bench.ts')).sort()
  const wanted = filters.map((f) => f.toLowerCase())
  const matches = (...names: string[]) => wanted.length === 0 || names.some((name) => wanted.some((w) => name.toLowerCase().includes(w)))
  let ran = 0
  let failed = false
  for (const file of files) {
    const moduleName = file.slice(0, -'.bench.ts'.length)
    const module = (await import(pathToFileURL(`${dir}${file}`).href)) as Record<string, unknown>
    for (const [name, value] of Object.entries(module)) {
      if (!name.startsWith('bench') || typeof value !== 'function') continue
      if (!matches(moduleName, name)) continue
      ran += 1
      try {
        const outcome = await (value as () => Promise<BenchOutcome>)()
        for (const result of Array.isArray(outcome) ? outcome : [outcome]) {
          if (!result.met) failed = true
          print(result)
        }
      } catch (error) {
        // A bench that could not measure (wrong output, a crashed worker) is a failure, not a crash of the whole run.
        failed = true
        console.log(`FAIL ${moduleName}/${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      }
      // What the measured code made Node warn about is part of the result (a listener leak, say).
      // Warnings are emitted on process.nextTick, which a long chain of promise jobs (an engine
      // that never waits for I/O) holds back: let the event loop turn so they land here.
      await new Promise((resolve) => setImmediate(resolve))
      for (const [warning, count] of warnings.splice()) console.log(`       warning x${count} during ${moduleName}/${name}: ${warning}`)
    }
  }
  if (ran === 0) {
    console.log(`No bench matches ${filters.join(' ')}; modules: ${files.map((f) => f.slice(0, -'.bench.ts'.length)).join(', ')}`)
    failed = true
  }
  if (failed) process.exitCode = 1
}

/**
 * Replaces Node's printing of process warnings with a count per distinct
 * warning, so a warning raised once per node does not bury the results.
 */
function collectWarnings(): { splice: () => Array<[string, number]> } {
  const counts = new Map<string, number>()
  process.removeAllListeners('warning')
  process.on('warning', (warning) => {
    const key = `${warning.name}: ${warning.message}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  })
  return {
    splice: () => {
      const entries = [...counts]
      counts.clear()
      return entries
    },
  }
}

function print(result: BenchResult): void {
  const numbers = result.summary ?? `${result.ms.toFixed(1)} ms, baseline ${result.baselineMs.toFixed(1)} ms, ratio ${result.ratio.toFixed(1)}x`
  console.log(`${result.met ? 'ok  ' : 'MISS'} ${result.name}: ${numbers}, goal ${result.goal}`)
  for (const line of result.details ?? []) console.log(`       ${line}`)
}

await main(process.argv.slice(2))
