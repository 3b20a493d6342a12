// The README's example is examples/overview.ts, and it runs as it is against
// the real PuppetDB the integration suites use.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { puppetdbSetup } from './dataset/shared-dataset.js'
import { puppetDbRunning } from './requirements.js'
import { needs } from '@capstan/test-support/requirement'

const setup = await puppetdbSetup()
const packageDir = fileURLToPath(new URL('../../', import.meta.url))
const repoDir = fileURLToPath(new URL('../../../', import.meta.url))
const example = readFileSync(`${packageDir}examples/overview.ts`, 'utf8')

describe('README example', () => {
  it('is examples/overview.ts, word for word', () => {
    const readme = readFileSync(`${packageDir}README.md`, 'utf8')
    const block = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBe(example)
  })

  needs(puppetDbRunning).it('runs against the real PuppetDB and prints what the dataset holds', { timeout: 90_000 }, async () => {
    const dataset = setup!.dataset
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'plugins-puppetdb/examples/overview.ts'], {
      cwd: repoDir,
      env: { ...process.env, PUPPETDB_URL: dataset.url },
      timeout: 80_000,
    })
    const redHatInProduction = dataset.nodes.filter((n) => n.environment === 'production' && [3, 4].includes(n.os)).length
    const failedRuns = dataset.nodes.flatMap((n) => n.runs).filter((kind) => kind === 'failed').length
    const failedLatest = dataset.nodes.filter((n) => n.runs.at(-1) === 'failed').length
    expect(stdout).toContain(`${redHatInProduction} RedHat nodes in production`)
    expect(stdout).toContain(`${failedRuns} failed runs since`)
    expect(stdout).toContain(`${failedLatest} nodes whose latest run failed`)
    expect(stdout).toMatch(/ failed at .*: Package\[\S+\] change from 'absent' to 'present' failed/)
  })
})
