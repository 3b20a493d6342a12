import type { CliCommand } from '../../../src/cli/args/cli-command.js'

/** Hand-built commands covering every flag type, for completion and docs tests. */
export const fixtureCommands: CliCommand[] = [
  {
    id: 'inventory.list',
    type: 'inventory',
    operation: 'list',
    description: 'List the nodes of the inventory.',
    kind: 'query',
    execution: false,
    flags: [
      { property: 'groups', name: 'groups', type: 'array', itemType: 'string', description: 'Only nodes in these groups', required: false },
      { property: 'refresh', name: 'refresh', type: 'boolean', default: false, description: 'Bypass the cache', required: false },
    ],
    examples: ['capstan inventory list'],
    providers: ['local'],
  },
  {
    id: 'inventory.get',
    type: 'inventory',
    operation: 'get',
    description: 'One node by name.',
    kind: 'query',
    execution: false,
    flags: [{ property: 'node', name: 'node', type: 'string', description: 'Node name', required: true }],
    examples: [],
    providers: [],
  },
  {
    id: 'command.execute',
    type: 'command',
    operation: 'execute',
    description: 'Run a shell command on the targets.',
    kind: 'stream',
    execution: true,
    flags: [
      { property: 'targets', name: 'targets', type: 'array', itemType: 'string', description: 'Target patterns: names, globs, groups', required: true },
      { property: 'command', name: 'command', type: 'string', description: 'The command line', required: true },
      { property: 'runAs', name: 'run-as', type: 'string', description: 'User to run as', required: false },
      { property: 'timeoutMs', name: 'timeout-ms', type: 'integer', default: 60000, description: 'Per node timeout | in ms', required: false },
      { property: 'shell', name: 'shell', type: 'enum', choices: ['sh', 'bash', 'powershell'], default: 'sh', description: 'Shell: sh, bash [or] powershell', required: false },
      { property: 'env', name: 'env', type: 'object', description: 'Environment variables', required: false },
    ],
    examples: ["capstan command execute --targets 'web*' --command uptime"],
    providers: ['local'],
  },
  {
    id: 'reports.query',
    type: 'reports',
    operation: 'query',
    description: 'Query run reports.',
    kind: 'query',
    execution: false,
    flags: [{ property: 'status', name: 'status', type: 'array', itemType: 'enum', choices: ['success', 'failed', 'noop'], description: 'Report statuses', required: false }],
    examples: [],
    providers: [],
  },
]
