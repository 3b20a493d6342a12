// One deliberately broken plugin per check: the conformance kit catches each,
// and its report names the check and the capability that failed.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CapstanError, type CapabilityHandlers, type ErrorCode, type ProviderContext, type ResourceEvent } from 'capstan'
import { assertConformance, ConformanceError, runConformance, type ConformanceReport, type ConformanceResult } from 'capstan/testing'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { conformancePlugin, exited, resourceEvent, TIDY_CAPABILITIES, TIDY_NODE, tidyAbortInputs, tidyHandlers, tidyInputs, writeManifest } from './conformance-plugins.js'

/** Bound of each step where a broken plugin makes the kit wait it out. */
const SHORT_MS = 400
/** Sample inputs that start no process, so nothing but the broken part comes near that bound on a busy machine. */
const quickInputs = { 'info.facts': tidyInputs['info.facts'] }

/** The failed results of a report, as `check capability` (the capability left out for whole-plugin checks). */
function failed(report: ConformanceReport): string[] {
  return report.failures.map((r) => (r.capability === undefined ? r.check : `${r.check} ${r.capability}`))
}

/** The result of one check of one capability. */
function resultOf(report: ConformanceReport, check: ConformanceResult['check'], capability?: string): ConformanceResult | undefined {
  return report.results.find((r) => r.check === check && r.capability === capability)
}

const children: ChildProcess[] = []
const servers: Server[] = []
const sockets: Socket[] = []
const timers: NodeJS.Timeout[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const server of servers.splice(0)) server.close()
  for (const timer of timers.splice(0)) clearInterval(timer)
})

describe('runConformance catches a broken plugin', () => {
  it('a handler that throws a plain Error: error-codes fails for that capability', async () => {
    const capabilities = {
      ...tidyHandlers(),
      'info.facts': async () => {
        throw new Error('boom')
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['output-schema info.facts', 'error-codes info.facts'])
    expect(resultOf(report, 'error-codes', 'info.facts')?.problem).toMatch(/the sample call threw Error: boom, not a CapstanError/)
    expect(resultOf(report, 'error-codes', 'info.facts')?.problem).toMatch(/the call about an unknown node threw Error: boom/)
  })

  it('a CapstanError whose code is not in the catalog: error-codes fails', async () => {
    const capabilities = {
      ...tidyHandlers(),
      'info.facts': async () => {
        throw Object.assign(new CapstanError('NOT_FOUND'), { code: 'NODE_GONE' as ErrorCode })
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: tidyInputs })
    expect(failed(report)).toContain('error-codes info.facts')
    expect(resultOf(report, 'error-codes', 'info.facts')?.problem).toMatch(/code "NODE_GONE", which is not in the error catalog/)
  })

  it('an output that breaks the schema: output-schema fails naming the field', async () => {
    const capabilities = { ...tidyHandlers(), 'inventory.list': async () => ({ nodes: [{ id: '' }] }) }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['output-schema inventory.list'])
    expect(resultOf(report, 'output-schema', 'inventory.list')?.problem).toMatch(/^output does not match the output schema: nodes\[0\]\.id: /)
  })

  it('an execution event that breaks the NodeEvent schema: output-schema fails', async () => {
    const capabilities = {
      ...tidyHandlers(),
      'command.execute': async function* (batch: { nodes: Array<{ id: string }> }) {
        yield { type: 'node:finished', node: batch.nodes[0]!.id, status: 'fine' } as never
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: tidyInputs })
    expect(failed(report)).toContain('output-schema command.execute')
    expect(resultOf(report, 'output-schema', 'command.execute')?.problem).toMatch(/^event 0 does not match the NodeEvent schema: status: /)
  })

  it('a stream that ignores its signal: abort fails', async () => {
    const capabilities = {
      ...tidyHandlers(),
      'events.stream': async function* (): AsyncGenerator<ResourceEvent> {
        for (let index = 0; ; index++) {
          yield resourceEvent(index)
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: quickInputs, timeoutMs: SHORT_MS })
    expect(failed(report)).toEqual(['abort events.stream'])
    expect(resultOf(report, 'abort', 'events.stream')?.problem).toMatch(/did not stop within 400 ms of the abort \(it yielded \d+ more items\)/)
  })

  it('an execution that ignores its signal and leaves `sleep 30` running: abort fails naming the process', async () => {
    const capabilities = {
      ...tidyHandlers(),
      'command.execute': async function* (batch: { command: string; nodes: Array<{ id: string }> }) {
        for (const { id: node } of batch.nodes) {
          yield { type: 'node:started' as const, node }
          const child = spawn('sh', ['-c', batch.command], { stdio: 'ignore' })
          children.push(child)
          const exitCode = await exited(child)
          yield { type: 'node:finished' as const, node, status: exitCode === 0 ? ('success' as const) : ('failure' as const), exitCode }
        }
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: quickInputs, abortInputs: tidyAbortInputs, timeoutMs: SHORT_MS })
    expect(failed(report)).toEqual(['abort command.execute'])
    const problem = resultOf(report, 'abort', 'command.execute')?.problem
    expect(problem).toMatch(/^aborted before the call: it did not stop within 400 ms of the abort/)
    expect(problem).toMatch(/aborted after the first item: it did not stop within 400 ms of the abort \(its next\(\) did not settle\)/)
    // sh (and the sleep it forked, where sh does not exec it) still running. The ProcessWrap is counted against the
    // handles open before, where the first abort's sh, killed by then, may not have closed its own yet.
    expect(problem).toMatch(/aborted after the first item: after the abort it left (open handles ProcessWrap ×1; )?child processes still running: \d+ \(sh -c sleep 30\)/)
  })

  it('a stream that stops on abort but leaves its connection open: abort fails naming the socket', async () => {
    const server = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1')
    servers.push(server)
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const capabilities = {
      ...tidyHandlers(),
      'events.stream': async function* (_input: unknown, ctx: ProviderContext): AsyncGenerator<ResourceEvent> {
        sockets.push(connect(port, '127.0.0.1'))
        yield resourceEvent(0)
        if (!ctx.signal.aborted) await once(ctx.signal, 'abort')
      },
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: quickInputs, skip: { dispose: 'the connections are left on purpose' }, timeoutMs: SHORT_MS })
    expect(failed(report)).toEqual(['abort events.stream'])
    // Both ends are in this process: the plugin's and the one the test's server accepted.
    expect(resultOf(report, 'abort', 'events.stream')?.problem).toBe('aborted before the call: after the abort it left open handles TCPSocketWrap ×2; aborted after the first item: after the abort it left open handles TCPSocketWrap ×2')
  })

  it('a health check that reports garbage: health fails', async () => {
    const health = async () => ({ status: 'fine' as never, failingCapabilities: ['no.such'] })
    const report = await runConformance({ plugin: () => conformancePlugin({ health }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['health'])
    expect(resultOf(report, 'health')?.problem).toMatch(/^the health report's status: /)
  })

  it('assertConformance throws one ConformanceError listing every failed check, with the report', async () => {
    const health = async () => ({ failingCapabilities: ['task.list'] })
    const error = await assertConformance({ plugin: () => conformancePlugin({ health }), inputs: tidyInputs }).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(ConformanceError)
    expect((error as ConformanceError).message).toBe('Plugin tidy failed 1 conformance check:\n- health: the health report\'s failingCapabilities names "task.list", which the plugin neither provides nor declares')
    expect((error as ConformanceError).report.failures).toHaveLength(1)
  })

  it('a health report naming a capability the plugin does not have: health fails', async () => {
    const health = async () => ({ failingCapabilities: ['task.list'] })
    const report = await runConformance({ plugin: () => conformancePlugin({ health }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['health'])
    expect(resultOf(report, 'health')?.problem).toBe('the health report\'s failingCapabilities names "task.list", which the plugin neither provides nor declares')
  })

  it.each([
    ['a timer running', () => void timers.push(setInterval(() => {}, 1_000)), /^after dispose it left open handles Timeout ×1$/],
    ['a socket listening', () => void servers.push(createServer().listen(0, '127.0.0.1')), /^after dispose it left open handles TCPServerWrap ×1$/],
    [
      'a child process running, unref\'d so that no handle shows it',
      () => {
        const child = spawn('sleep', ['30'], { stdio: 'ignore' })
        child.unref()
        children.push(child)
      },
      /^after dispose it left child processes still running: \d+ \(sleep 30\)$/,
    ],
  ])('dispose that leaves %s: dispose fails naming it', async (_what, leak, problem) => {
    const report = await runConformance({ plugin: () => conformancePlugin({ init: async () => leak() }), inputs: quickInputs, timeoutMs: SHORT_MS })
    expect(failed(report)).toEqual(['dispose'])
    expect(resultOf(report, 'dispose')?.problem).toMatch(problem)
  })

  it('plugin.json declaring a capability the code does not provide: manifest fails for that id', async () => {
    const packageDir = writeManifest(scratchDir('conformance-declares-more-'), 'tidy', [...TIDY_CAPABILITIES, 'task.list'])
    const report = await runConformance({ plugin: () => conformancePlugin(), packageDir, inputs: tidyInputs })
    expect(failed(report)).toEqual(['manifest task.list'])
    expect(resultOf(report, 'manifest', 'task.list')?.problem).toBe('plugin.json declares "task.list", but the plugin does not provide it (capabilities() has no "task.list")')
  })

  it('code providing a capability plugin.json does not declare: manifest fails for that id', async () => {
    const packageDir = writeManifest(scratchDir('conformance-declares-less-'), 'tidy', TIDY_CAPABILITIES.filter((id) => id !== 'events.stream'))
    const report = await runConformance({ plugin: () => conformancePlugin(), packageDir, inputs: tidyInputs })
    expect(failed(report)).toEqual(['manifest events.stream'])
    expect(resultOf(report, 'manifest', 'events.stream')?.problem).toBe('the plugin provides "events.stream" (capabilities()), but plugin.json does not declare it')
  })

  it('plugin.json naming another plugin: manifest fails', async () => {
    const packageDir = writeManifest(scratchDir('conformance-other-name-'), 'untidy', TIDY_CAPABILITIES)
    const report = await runConformance({ plugin: () => conformancePlugin(), packageDir, inputs: tidyInputs })
    expect(failed(report)).toEqual(['manifest'])
    expect(resultOf(report, 'manifest')?.problem).toBe('plugin.json names the plugin "untidy", but its metadata.name is "tidy"')
  })

  it('code providing an id that has no descriptor: manifest fails naming it', async () => {
    const capabilities = { ...tidyHandlers(), 'custom.ping': async () => ({ pong: true }) } as CapabilityHandlers
    const report = await runConformance({ plugin: () => conformancePlugin({ capabilities }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['manifest custom.ping'])
    expect(resultOf(report, 'manifest', 'custom.ping')?.problem).toBe('capabilities() provides "custom.ping", which has no capability descriptor')
  })

  it('metadata a host refuses: input-validation fails for every capability, saying why', async () => {
    const report = await runConformance({ plugin: () => conformancePlugin({ name: 'Tidy Plugin' }), inputs: tidyInputs })
    expect(failed(report)).toEqual(TIDY_CAPABILITIES.map((id) => `input-validation ${id}`))
    expect(resultOf(report, 'input-validation', 'info.facts')?.problem).toMatch(/^a host refused the plugin: CapstanError CONFIG_ERROR: .*name/)
  })

  it('a bad input the schema accepts after all: input-validation fails, saying the handler ran', async () => {
    const report = await runConformance({ plugin: () => conformancePlugin(), inputs: tidyInputs, badInputs: { 'info.facts': [{ node: TIDY_NODE }] } })
    expect(failed(report)).toEqual(['input-validation info.facts'])
    expect(resultOf(report, 'input-validation', 'info.facts')?.problem).toBe('badInputs["info.facts"][0]: accepted and the handler ran')
  })

  it('a plugin that cannot start: initialize fails and the calls are reported as not run', async () => {
    const init = async () => {
      throw new CapstanError('UNAVAILABLE', { message: 'the backend is down' })
    }
    const report = await runConformance({ plugin: () => conformancePlugin({ init }), inputs: tidyInputs })
    expect(failed(report)).toEqual(['initialize'])
    expect(resultOf(report, 'initialize')?.problem).toBe('initialize failed: CapstanError UNAVAILABLE: the backend is down')
    expect(resultOf(report, 'output-schema', 'info.facts')?.skipped).toBe('not run: the plugin did not start')
  })
})
