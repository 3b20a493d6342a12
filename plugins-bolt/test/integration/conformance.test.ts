// The Bolt plugin through the conformance kit, against the fake `bolt` that
// replays real Bolt 3.30 runs (test/fake-bolt): each sample input is one of
// the recorded runs, and the abort check runs a command the fake hangs on,
// with a `sleep` child in its process group that must go too.
import path from 'node:path'
import { describe, it } from 'vitest'
import { assertConformance } from 'capstan/testing'
import { boltPlugin } from '../../src/index.js'
import { fakeBoltOptions, newLogFile, PACKAGE_DIR, PROJECT_DIR } from './support.js'

describe('the Bolt plugin against the recorded Bolt runs', () => {
  it('passes the conformance kit', { timeout: 120_000 }, async () => {
    const log = newLogFile()
    await assertConformance({
      plugin: () => boltPlugin(fakeBoltOptions(log, { fakeEnv: { FAKE_BOLT_HANG: '1', FAKE_BOLT_HANG_ON: 'sleep 30' } })),
      packageDir: PACKAGE_DIR,
      inputs: {
        'command.execute': { targets: 'local1', command: 'echo "FOO=$FOO"', env: { FOO: 'bar' } },
        'script.execute': { targets: ['ssh1', 'local1'], script: path.join(PROJECT_DIR, 'scripts', 'demo.sh'), args: ['a', 'b', 'c d'] },
        'task.execute': { targets: 'local1', task: 'sdkdemo::greet', params: { name: 'Bob', times: 2 } },
      },
      abortInputs: { 'command.execute': { targets: 'local1', command: 'sleep 30' } },
      skip: { 'output-schema': { 'info.facts': 'Bolt was recorded gathering facts of localhost and ssh1 together only (task_run_facts), never of one node' } },
      timeoutMs: 15_000,
    })
  })
})
