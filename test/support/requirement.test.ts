// needs(): unmet suites, and suites whose service does not answer, skip with
// the reason in the run's output, never run their bodies, and fail under
// CI=true; and every skip in the tests uses it.
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { serviceAnswers } from '@capstan/test-support/service-probe'
import { silentServiceReason } from '@capstan/test-support/service-requirement'
import { skipReasonLines } from './skip-reasons-reporter.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const fixtureConfig = fileURLToPath(new URL('../fixtures/skip-reasons/vitest.config.ts', import.meta.url))
const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs')

/** Runs the fixture suites in a vitest of their own, with `CI` set to `ci`. */
async function runFixture(ci: string): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: ci, NO_COLOR: '1', FORCE_COLOR: '0' }
  delete env['VITEST']
  delete env['VITEST_WORKER_ID']
  delete env['VITEST_POOL_ID']
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [vitestBin, 'run', '--config', fixtureConfig], { cwd: repoRoot, env })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

describe('needs()', { timeout: 60_000 }, () => {
  it('skips an unmet suite and test without running them, and the run says why', async () => {
    const { code, output } = await runFixture('')
    expect(output).not.toContain('the body of an unmet')
    expect(code).toBe(0)
    expect(output).toContain('Skipped 4 tests:')
    expect(output).toContain('needs.fixture.ts > a suite that needs the frobnicator > skipped: the frobnicator not running (start it: bash frob.sh)')
    expect(output).toContain('needs.fixture.ts > a test that needs the frobnicator (skipped: the frobnicator not running (start it: bash frob.sh))')
    expect(output).not.toContain('never shown')
  })

  it('skips a suite and a test whose service does not answer, saying the env file is stale and how to start it', async () => {
    const { code, output } = await runFixture('')
    expect(code).toBe(0)
    expect(output).not.toContain('the body of an unanswered')
    const stale = String.raw`frobnicator does not answer at 127\.0\.0\.1:\d+: test/infra/\.env is stale, the frobnicator it records is not running \(start it: bash frob\.sh\)`
    expect(output).toMatch(new RegExp(`service\\.fixture\\.ts > a suite whose frobnicator does not answer > skipped: ${stale}`))
    expect(output).toMatch(new RegExp(`service\\.fixture\\.ts > a test whose frobnicator does not answer \\(skipped: ${stale}\\)`))
    // The suite whose service answers ran its test, and passed.
    expect(output).toContain('service.fixture.ts (3 tests | 2 skipped)')
  })

  it('fails them under CI=true, naming what is missing', async () => {
    const { code, output } = await runFixture('true')
    expect(code).toBe(1)
    expect(output).toContain('the frobnicator not running (start it: bash frob.sh); CI=true runs every integration suite')
    expect(output).toMatch(/frobnicator does not answer at 127\.0\.0\.1:\d+: test\/infra\/\.env is stale.*; CI=true runs every integration suite/)
    expect(output).not.toContain('the body of an unmet')
    expect(output).not.toContain('the body of an unanswered')
  })
})

describe('serviceAnswers', () => {
  it('says whether something listens, and asks each address once', async () => {
    const server = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const address = { host: '127.0.0.1', port: (server.address() as AddressInfo).port }
    expect(await serviceAnswers(address)).toBe(true)
    server.close()
    await once(server, 'close')
    // Nothing listens there any more: only the cached first answer can still say true.
    expect(await serviceAnswers(address)).toBe(true)
    expect(await serviceAnswers({ ...address, host: 'localhost' })).toBe(false)
  })
})

describe('silentServiceReason', () => {
  it('blames a stale env file, or the environment, and says how to start the service', () => {
    const address = { host: '127.0.0.1', port: 2222 }
    expect(silentServiceReason('sshd', address, 'test/infra/.env', 'start it: bash s.sh')).toBe('sshd does not answer at 127.0.0.1:2222: test/infra/.env is stale, the sshd it records is not running (start it: bash s.sh)')
    expect(silentServiceReason('sshd', address, 'the environment', 'start it: bash s.sh')).toBe('sshd does not answer at 127.0.0.1:2222, the address the environment gives (start it: bash s.sh)')
  })
})

describe('skipReasonLines', () => {
  it('prints nothing when nothing was skipped, else one line per test with its reason', () => {
    expect(skipReasonLines([])).toEqual([])
    expect(skipReasonLines([{ file: 'a.test.ts', name: 'suite > plain', note: undefined }, { file: 'b.test.ts', name: 'uses X', note: 'skipped: X not running' }])).toEqual([
      'Skipped 2 tests:',
      '  a.test.ts > suite > plain (no reason given)',
      '  b.test.ts > uses X (skipped: X not running)',
    ])
  })
})

describe('every skip in the tests', () => {
  it('goes through needs(), so it says why', () => {
    const roots = [
      'test',
      'packages/test-support/src',
      ...readdirSync(repoRoot).filter((name) => name.startsWith('plugins-')).map((name) => join(name, 'test')),
      ...readdirSync(join(repoRoot, 'packages')).filter((name) => name.startsWith('store-')).map((name) => join('packages', name, 'test')),
    ]
    const bare = /\b(describe|it|test|suite)\.(skip|skipIf|runIf|todo)\b|\.skip\(/
    const offenders = roots.flatMap((root) =>
      readdirSync(join(repoRoot, root), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(root, file))
        .filter((file) => file !== join('packages', 'test-support', 'src', 'requirement.ts') && file !== join('test', 'support', 'requirement.test.ts'))
        .flatMap((file) => readFileSync(join(repoRoot, file), 'utf8').split('\n').flatMap((line, i) => (bare.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative('.', file)}:${i + 1}: ${line.trim()}`] : []))),
    )
    expect(offenders).toEqual([])
  })
})
