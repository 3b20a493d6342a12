import { z } from 'zod'
import { defineCapability } from './capability.js'
import { boundedList } from './models/bounded-record.js'
import { freeText } from './models/free-text.js'
import { jsonParams } from './models/json-params.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { env, targets, timeoutMs } from './input-fields.js'
import { ExecutionResult } from './models/execution.js'
import { aggregated } from './models/source-outcome.js'
import { TaskInfo } from './models/task.js'

/** Remote-execution capabilities: run commands, tasks and scripts on nodes. */
export const remoteExecutionCapabilities = {
  executeCommand: defineCapability({
    id: 'command.execute',
    type: 'remote-execution',
    description: 'Run a shell command on the target nodes',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    input: z
      .object({
        targets,
        command: freeText('Command line, run by the node\'s shell', { nonEmpty: true }),
        env: env.optional(),
        timeoutMs: timeoutMs.optional(),
        cwd: nameString('Working directory on the node', 4096).optional(),
        runAs: nameString('User to run as (through sudo or the transport\'s equivalent)').optional(),
      })
      .strict(),
    output: ExecutionResult,
  }),
  executeTask: defineCapability({
    id: 'task.execute',
    type: 'remote-execution',
    description: 'Run a task (Bolt task, Ansible module, ...) with parameters on the target nodes',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    input: z
      .object({
        targets,
        task: nameString('Task name, e.g. package or service::restart'),
        params: jsonParams('Task parameters by name').default({}),
        timeoutMs: timeoutMs.optional(),
        env: env.optional(),
      })
      .strict(),
    output: ExecutionResult,
  }),
  executeScript: defineCapability({
    id: 'script.execute',
    type: 'remote-execution',
    description: 'Copy a local script to the target nodes and run it',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    localFiles: ['script'],
    input: z
      .object({
        targets,
        script: nameString('Path of the script on the machine running Capstan (inside scripts.roots when the host sets them)', 4096),
        args: boundedList(freeText('An argument, passed as it is')).default([]).describe('Arguments passed to the script'),
        env: env.optional(),
        timeoutMs: timeoutMs.optional(),
      })
      .strict(),
    output: ExecutionResult,
  }),
  listTasks: defineCapability({
    id: 'task.list',
    type: 'remote-execution',
    description: 'List the tasks every remote-execution plugin can run',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'concat' },
    input: z.object({}).strict(),
    output: z.object({ tasks: z.array(TaskInfo).describe('Tasks this plugin can run') }),
    result: aggregated({ tasks: z.array(TaskInfo).describe('Tasks of every plugin, each with its source') }),
  }),
} as const

/** What a remote-execution plugin implements. */
export type RemoteExecutionProvider = ProviderOf<typeof remoteExecutionCapabilities>
