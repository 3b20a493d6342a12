// Plugins for the conformance kit's own tests: one that does everything right
// (conformancePlugin), and the pieces a broken one is made of. Each handler is
// small and deterministic: a stream ticks every few ms, a command runs `sh -c`.
import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CapstanError, isCapstanError, type CapabilityHandlers, type NodeEvent, type ProviderContext, type ResourceEvent } from 'capstan'
import { abortableSleep, runProcess } from 'capstan/plugin-kit'
import { testPlugin, type TestPluginSpec } from 'capstan/testing'

export const TIDY_NODE = 'web01.example.com'

/** A resource event of the tidy stream. */
export function resourceEvent(index: number): ResourceEvent {
  return { timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(), resourceType: 'File', resourceTitle: `/tmp/${index}`, property: null, message: null, status: 'success' }
}

/** A stream that yields an event every 5 ms until its signal aborts. */
export async function* tickingEvents(_input: unknown, ctx: ProviderContext): AsyncGenerator<ResourceEvent> {
  for (let index = 0; ; index++) {
    yield resourceEvent(index)
    try {
      await abortableSleep(5, ctx.signal)
    } catch {
      return
    }
  }
}

/** Runs the command with `sh -c` on each node of the batch (here, locally) with runProcess, which stops its whole process group on abort. */
export async function* shellCommand(batch: { command: string; nodes: Array<{ id: string }> }, ctx: ProviderContext): AsyncGenerator<NodeEvent> {
  for (const { id: node } of batch.nodes) {
    yield { type: 'node:started', node }
    try {
      for await (const event of runProcess({ argv: ['sh', '-c', batch.command], signal: ctx.signal, graceMs: 500 })) {
        if (event.type === 'output') yield { type: 'node:output', node, stream: event.stream, chunk: event.chunk }
        if (event.type === 'exit') yield { type: 'node:finished', node, status: event.killed ? 'cancelled' : event.exitCode === 0 ? 'success' : 'failure', exitCode: event.exitCode }
      }
    } catch (error) {
      if (!isCapstanError(error, 'CANCELLED')) throw error
      yield { type: 'node:finished', node, status: 'cancelled', exitCode: null }
    }
  }
}

/** The exit code once the process has closed (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('error', () => {})
    child.once('close', (code) => resolve(code))
  })
}

/** The handlers of the tidy plugin: inventory, facts, a command and an event stream, all as the platform asks. */
export function tidyHandlers(): CapabilityHandlers {
  return {
    'inventory.list': async () => ({ nodes: [{ id: TIDY_NODE, groups: ['web'] }] }),
    'info.facts': async ({ node }) => {
      if (node !== TIDY_NODE) throw new CapstanError('NOT_FOUND', { message: `tidy knows no node ${node}`, details: { node } })
      return { node, source: 'tidy', gatheredAt: new Date().toISOString(), facts: { os: { family: 'Debian' } } }
    },
    'command.execute': shellCommand,
    'events.stream': tickingEvents,
  }
}

/** A plugin made with testPlugin, named `tidy` unless the spec says otherwise. */
export function conformancePlugin(spec: Partial<TestPluginSpec> = {}) {
  return testPlugin({ name: 'tidy', integrationTypes: ['inventory', 'facts', 'remote-execution', 'events'], capabilities: tidyHandlers(), ...spec })
}

/** The sample inputs of the tidy plugin's capabilities. */
export const tidyInputs = {
  'info.facts': { node: TIDY_NODE },
  'command.execute': { targets: TIDY_NODE, command: 'echo hi' },
} as const

/** The long-running inputs of its abort check. */
export const tidyAbortInputs = { 'command.execute': { targets: TIDY_NODE, command: 'sleep 30' } } as const

/** Writes a plugin.json for `name` declaring `capabilities` into `dir`; returns `dir`. */
export function writeManifest(dir: string, name: string, capabilities: readonly string[]): string {
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify({ name, version: '1.0.0', core: '^0.1.0', capabilities }))
  return dir
}

/** The ids the tidy plugin declares: what it implements. */
export const TIDY_CAPABILITIES = ['inventory.list', 'info.facts', 'command.execute', 'events.stream'] as const
