// The built-in local plugin through the conformance kit: the example
// inventory, this machine's facts, commands, scripts and the example tasks.
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'vitest'
import { localPlugin } from 'capstan'
import { assertConformance } from 'capstan/testing'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const inventoryFile = fileURLToPath(new URL('../../examples/inventory.yaml', import.meta.url))
const tasksDir = fileURLToPath(new URL('../../examples/tasks', import.meta.url))

describe('the local plugin', () => {
  it('passes the conformance kit', { timeout: 60_000 }, async () => {
    const script = join(scratchDir('local-conformance-'), 'hello.sh')
    writeFileSync(script, '#!/bin/sh\necho "hello $1"\n')
    chmodSync(script, 0o755)
    await assertConformance({
      plugin: () => localPlugin({ inventoryFile, tasksDir }),
      inputs: {
        'inventory.get': { node: 'web01.example.com' },
        'info.facts': { node: 'localhost' },
        'command.execute': { targets: 'localhost', command: 'echo hi' },
        'script.execute': { targets: 'localhost', script, args: ['conformance'] },
        'task.execute': { targets: 'localhost', task: 'greet', params: { name: 'Ada' } },
      },
      abortInputs: {
        'command.execute': { targets: 'localhost', command: 'sleep 30' },
      },
    })
  })
})
