// The README's example is examples/fleet.ts, and it runs as it is against
// the two OpenSSH servers test/infra/start-sshd.sh starts.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { readmeServers } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const packageDir = fileURLToPath(new URL('../../', import.meta.url))
const repoDir = fileURLToPath(new URL('../../../', import.meta.url))
const example = readFileSync(`${packageDir}examples/fleet.ts`, 'utf8')
// The example names the paths and ports start-sshd.sh uses by default.

describe('README example', () => {
  it('is examples/fleet.ts, word for word', () => {
    const readme = readFileSync(`${packageDir}README.md`, 'utf8')
    expect(/## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(example)
  })

  needs(readmeServers).it('runs against the real servers: both nodes stream and succeed, then facts and packages', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'plugins-ssh/examples/fleet.ts'], { cwd: repoDir, timeout: 50_000 })
    const lines = stdout.trim().split('\n')
    expect(lines).toEqual(expect.arrayContaining(['web1 stdout: Linux', 'web2 stdout: Linux', 'web1: success 0', 'web2: success 0']))
    expect(lines.filter((line) => /^web[12] stderr: done on /.test(line))).toHaveLength(2)
    expect(stdout).toMatch(/^web1 runs \S+.* kernel \d+\./m)
    expect(stdout).toMatch(/^openssh-server \S+ \(apt\)$/m)
  })
})
