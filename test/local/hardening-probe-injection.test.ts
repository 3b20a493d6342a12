// Hardening probe (issue 13): injection payloads in every field of an
// execution, through the local plugin, create nothing (see @capstan/test-support/injection-probe).
import { rmSync } from 'node:fs'
import { localPlugin, type Capstan } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe } from 'vitest'
import { injectionProbe } from '@capstan/test-support/injection-probe'
import { taskTree } from './tasks/task-tree.js'

describe('hardening probe: injection payloads through the local plugin create nothing', () => {
  let tasksDir: string
  let capstan: Capstan

  beforeAll(async () => {
    tasksDir = await taskTree({ 'probe.json': { parameters: { message: { type: 'String' } } }, 'probe.sh': '#!/bin/sh\nprintf %s "$PT_message"\n' })
    capstan = await createTestCapstan({ plugins: [localPlugin({ tasksDir })] })
  })

  afterAll(async () => {
    await capstan?.close()
    if (tasksDir !== undefined) rmSync(tasksDir, { recursive: true, force: true })
  })

  injectionProbe(() => ({ capstan, node: 'localhost', task: 'probe' }), { tasks: true })
})
