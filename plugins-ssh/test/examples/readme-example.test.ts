// The README's example is examples/remote-command.ts, and it runs as it is
// against the OpenSSH server test/infra/start-sshd.sh starts.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { infraEnv } from '../../../test/support/infra-env.js'

const packageDir = fileURLToPath(new URL('../../', import.meta.url))
const repoDir = fileURLToPath(new URL('../../../', import.meta.url))
const example = readFileSync(`${packageDir}examples/remote-command.ts`, 'utf8')
const env = infraEnv()
// The example names the paths start-sshd.sh uses by default.
const available = env.SSH_INFRA === '/tmp/capstan-infra/sshd' && existsSync('/tmp/capstan-infra/sshd/client')

describe('README example', () => {
  it('is examples/remote-command.ts, word for word', () => {
    const readme = readFileSync(`${packageDir}README.md`, 'utf8')
    expect(/## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(example)
  })

  it.skipIf(!available)('runs against the real sshd: streams both outputs, then success 0', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'plugins-ssh/examples/remote-command.ts'], { cwd: repoDir, timeout: 50_000 })
    expect(stdout).toMatch(/^\[stdout\] Linux /m)
    expect(stdout).toContain('[stderr] done\n')
    expect(stdout.trim().split('\n').at(-1)).toBe('success 0')
  })
})
