import { Facts, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapFactsItems } from '../../src/facts/index.js'
import { sampleJson } from '../support/samples.js'

const valueOf = (json: unknown, target: string): unknown =>
  (json as { items: Array<{ target: string; value: unknown }> }).items.find((item) => item.target === target)?.value

const now = new Date('2025-01-02T03:04:05.000Z')

describe('mapFactsItems', () => {
  it('maps each target of `bolt task run facts` onto Facts, values as Bolt returns them', () => {
    const json = sampleJson('task_run_facts.out')
    const { facts, errors } = mapFactsItems(json, new Map([['ssh1', 'ssh1.example.com']]), { source: 'bolt', now })
    expect(errors).toEqual([])
    expect(facts.map((entry) => [entry.node, entry.source, entry.gatheredAt])).toEqual([
      ['localhost', 'bolt', '2025-01-02T03:04:05.000Z'],
      ['ssh1.example.com', 'bolt', '2025-01-02T03:04:05.000Z'],
    ])
    expect(facts[0]?.facts).toEqual(valueOf(json, 'localhost'))
    expect(facts[1]?.facts).toEqual(valueOf(json, 'ssh1'))
    for (const entry of facts) expect(Facts.parse(entry)).toEqual(entry)
  })

  it('keeps os, kernel, processors, memory and networking exactly as in the sample', () => {
    const { facts } = mapFactsItems(sampleJson('task_run_facts.out'), () => undefined, { source: 'bolt', now })
    const [localhost, ssh1] = facts
    expect(localhost?.facts['os']).toEqual({
      release: { full: '12.11', major: '12', minor: '11' },
      architecture: 'amd64',
      distro: { id: 'Debian', release: { full: '12.11', major: '12', minor: '11' }, codename: 'bookworm', description: 'Debian GNU/Linux 12 (bookworm)' },
      hardware: 'x86_64',
      selinux: { enabled: false },
      family: 'Debian',
      name: 'Debian',
    })
    expect(ssh1?.facts['os']).toMatchObject({ family: 'Debian', name: 'Debian', release: { full: '12.11' } })
    expect(ssh1?.facts).toMatchObject({
      kernel: 'Linux',
      kernelrelease: '6.18.44-fc-v595',
      processors: { count: 2, cores: 2, physicalcount: 1, models: ['Intel(R) Xeon(R) Processor', 'Intel(R) Xeon(R) Processor'] },
      memory: { system: { total: '23.54 GiB', total_bytes: 25276514304, used: '2.01 GiB' } },
      networking: { hostname: 'vm', ip: '192.0.2.2', primary: 'eth0', mac: '02:fc:00:00:00:01' },
    })
    // The two runs differ where the machines' states did: nothing is merged across targets.
    expect(localhost?.facts['memory']).toMatchObject({ system: { used: '2.04 GiB' } })
    expect(ssh1?.facts['path']).toMatch(/:\/opt\/puppetlabs\/bin$/)
    expect(localhost?.facts['path']).not.toMatch(/puppetlabs/)
  })

  it("turns the facts task failing on local1 into an error with Bolt's message", () => {
    const result = mapFactsItems(sampleJson('task_run_exception.out'), (target) => `${target}.node`, { source: 'bolt', now })
    expect(result).toEqual({
      facts: [],
      errors: [
        {
          target: 'local1',
          node: 'local1.node',
          code: 'PLUGIN_ERROR',
          kind: 'puppetlabs.tasks/exception-error',
          message: 'No such file or directory - /tmp/a3a6c2c0-d1b4-49ed-b585-c14b9b5f9277/facts/tasks/ruby.rb',
        },
      ],
    })
  })

  it('marks an unreachable target UNAVAILABLE (same items shape, from a command run)', () => {
    const { errors } = mapFactsItems(sampleJson('command_unreachable.out'), new Map(), { source: 'bolt', now })
    expect(errors).toEqual([
      {
        target: 'deadhost',
        node: 'deadhost',
        code: 'UNAVAILABLE',
        kind: 'puppetlabs.tasks/connect-error',
        message: 'Failed to connect to deadhost: Connection refused - connect(2) for 127.0.0.1:2299',
      },
    ])
  })

  it('reports a requested target Bolt gave no result for, never a silent gap', () => {
    const { facts, errors } = mapFactsItems(sampleJson('task_run_facts.out'), new Map(), { source: 'bolt', now, targets: ['localhost', 'ssh1', 'ssh2'] })
    expect(facts).toHaveLength(2)
    expect(errors).toEqual([{ target: 'ssh2', node: 'ssh2', code: 'PLUGIN_ERROR', message: 'Bolt returned no result for ssh2' }])
  })

  it('fails only the target whose success is not a facts object, and a failure without _error', () => {
    const json = {
      items: [
        { target: 'a', status: 'success', value: 'plain text' },
        { target: 'b', status: 'failure', value: { _output: 'oops' } },
        { target: 'c', status: 'success', value: { kernel: 'Linux' } },
      ],
    }
    const { facts, errors } = mapFactsItems(json, new Map(), { source: 'bolt', now })
    expect(facts.map((entry) => entry.node)).toEqual(['c'])
    expect(errors.map((error) => [error.target, error.code])).toEqual([
      ['a', 'PLUGIN_ERROR'],
      ['b', 'PLUGIN_ERROR'],
    ])
    expect(errors[0]?.message).toContain('string')
  })

  it('stamps facts with the current time by default', () => {
    const before = Date.now()
    const { facts } = mapFactsItems(sampleJson('task_run_facts.out'), new Map(), { source: 'bolt' })
    expect(Date.parse(facts[0]!.gatheredAt)).toBeGreaterThanOrEqual(before)
  })

  it("fails with Bolt's own message when Bolt itself failed", () => {
    let error: unknown
    try {
      mapFactsItems(sampleJson('task_run_unknown.out'), new Map(), { source: 'bolt', now })
    } catch (caught) {
      error = caught
    }
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain("Could not find a task named 'sdkdemo::nope'.")
    expect(error).toMatchObject({ details: { reason: 'bolt/unknown-task', command: 'bolt task run facts --format json', plugin: 'bolt' } })
  })

  it('names the command and the field when items are not what Bolt prints', () => {
    const attempt = (json: unknown) => {
      try {
        mapFactsItems(json, new Map(), { source: 'bolt', now })
      } catch (error) {
        return error
      }
      return undefined
    }
    expect(attempt({ items: [{ target: 'a', status: 'success', value: {} }, { status: 'success', value: {} }] })).toMatchObject({
      code: 'PLUGIN_ERROR',
      details: { command: 'bolt task run facts --format json', field: 'items[1].target' },
    })
    expect(attempt({ target_count: 0 })).toMatchObject({ code: 'PLUGIN_ERROR', details: { field: 'items' } })
  })
})
