// A contributed type gets the three routing modes a core one gets: aggregate
// with a named merge, prioritised, and targeted on the execution engine with
// targets resolved from the inventory.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createCapstan, defineCapability, defineCapabilityType, TargetSpec, type Execution, type NodeEvent } from 'capstan'
import { testPlugin } from 'capstan/testing'

const Finding = z.object({ rule: z.string() })
const audit = defineCapabilityType({
  name: 'audit',
  description: 'Security audits',
  capabilities: {
    findings: defineCapability({
      id: 'audit.findings',
      type: 'audit',
      description: 'Findings from every auditor',
      kind: 'query',
      routing: { mode: 'aggregate', merge: 'concat' },
      input: z.object({}).strict(),
      output: z.object({ findings: z.array(Finding) }),
    }),
    scan: defineCapability({
      id: 'audit.scan',
      type: 'audit',
      description: 'Scan nodes',
      kind: 'action',
      routing: { mode: 'targeted', execution: true },
      input: z.object({ targets: TargetSpec, depth: z.number().int().min(1).max(3).default(1) }).strict(),
      output: z.object({}),
    }),
  },
})

const inventory = testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: [{ id: 'web01' }, { id: 'web02' }, { id: 'db01' }] }) } })

function auditor(name: string, rules: string[]) {
  return testPlugin({
    name,
    contributes: [audit],
    integrationTypes: ['audit'],
    capabilities: {
      'audit.findings': async () => ({ findings: rules.map((rule) => ({ rule })) }),
      'audit.scan': async function* (batch: { nodes: Array<{ id: string }>; depth: number }): AsyncGenerator<NodeEvent> {
        for (const node of batch.nodes) {
          yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `${name} depth ${batch.depth}\n` }
          yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
        }
      },
    } as never,
  })
}

describe('routing of a contributed type', () => {
  it('aggregates every provider with the merge the descriptor names', async () => {
    await using capstan = await createCapstan({ plugins: [auditor('lynis', ['ssh-root-login']), auditor('oscap', ['world-writable'])] })
    const result = (await capstan.invokeUnchecked('audit.findings', {})) as { findings: Array<{ rule: string; source: string }>; partial: boolean }
    expect(result.findings.map((f) => `${f.source}:${f.rule}`).sort()).toEqual(['lynis:ssh-root-login', 'oscap:world-writable'])
    expect(result.partial).toBe(false)
  })

  it('runs a targeted execution on the engine, targets resolved from the inventory', async () => {
    await using capstan = await createCapstan({ plugins: [inventory, auditor('lynis', [])] })
    const run = (await capstan.invokeUnchecked('audit.scan', { targets: 'web*', depth: 2 })) as Execution
    const result = await run.result
    expect(result.status).toBe('success')
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['web01', 'web02'])
    expect(result.nodes.every((n) => n.stdout === 'lynis depth 2\n')).toBe(true)
  })
})
