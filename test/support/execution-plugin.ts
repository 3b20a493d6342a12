import type { BasePlugin } from 'capstan'
import { testPlugin, type TestPluginSpec } from 'capstan/testing'

/** A remote-execution test plugin: `testPlugin` with its integration type set. */
export function executionPlugin(spec: Omit<TestPluginSpec, 'integrationTypes'>): BasePlugin {
  return testPlugin({ integrationTypes: ['remote-execution'], ...spec })
}

/**
 * A runner named `runner` whose `command.execute` records the ids of the
 * nodes it is given (in `calls`) and finishes each with success, exit 0.
 */
export function recordingRunner(): { runner: BasePlugin; calls: string[] } {
  const calls: string[] = []
  const runner = executionPlugin({
    name: 'runner',
    capabilities: {
      'command.execute': async function* (batch) {
        calls.push(...batch.nodes.map((n) => n.id))
        for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
      },
    },
  })
  return { runner, calls }
}
