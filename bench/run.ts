import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchResult } from './bench-result.js'

/**
 * Runs every `*.bench.ts` module in this folder: each exported function whose
 * name starts with `bench` is called and its {@link BenchResult} printed.
 * Exits with status 1 when a goal is missed, so CI can gate on it.
 */
async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('.', import.meta.url))
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bench.ts')).sort()
  const results: BenchResult[] = []
  for (const file of files) {
    const module = (await import(pathToFileURL(`${dir}${file}`).href)) as Record<string, unknown>
    for (const [name, value] of Object.entries(module)) {
      if (!name.startsWith('bench') || typeof value !== 'function') continue
      const result = await (value as () => Promise<BenchResult>)()
      results.push(result)
      console.log(
        `${result.met ? 'ok  ' : 'MISS'} ${result.name}: ${result.ms.toFixed(1)} ms, baseline ${result.baselineMs.toFixed(1)} ms, ` +
          `ratio ${result.ratio.toFixed(1)}x, goal ${result.goal}`,
      )
    }
  }
  if (results.some((result) => !result.met)) process.exitCode = 1
}

await main()
