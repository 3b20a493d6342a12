import type { BasePlugin, CapabilityHandlers, Node } from 'capstan'
import { testPlugin, type TestPluginSpec } from 'capstan/testing'

/** A remote-execution test plugin: `testPlugin` with its integration type set. */
export function executionPlugin(spec: Omit<TestPluginSpec, 'integrationTypes'>): BasePlugin {
  return testPlugin({ integrationTypes: ['remote-execution'], ...spec })
}

/**
 * A runner named `runner` whose `capability` (default `command.execute`)
 * records the ids of the nodes it is given (in `calls`) and each batch as it
 * arrived, nodes left out (in `inputs`), and finishes each node with
 * success, exit 0.
 */
export function recordingRunner(capability: 'command.execute' | 'script.execute' = 'command.execute'): { runner: BasePlugin; calls: string[]; inputs: Array<Record<string, unknown>> } {
  const calls: string[] = []
  const inputs: Array<Record<string, unknown>> = []
  const handler = async function* (batch: { nodes: readonly Node[] }) {
    const { nodes, ...input } = batch
    inputs.push(input)
    calls.push(...nodes.map((n) => n.id))
    for (const node of nodes) yield { type: 'node:finished' as const, node: node.id, status: 'success' as const, exitCode: 0 }
  }
  const runner = executionPlugin({ name: 'runner', capabilities: { [capability]: handler } as CapabilityHandlers })
  return { runner, calls, inputs }
}
