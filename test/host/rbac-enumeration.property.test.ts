import { compilePolicy, type Policy, type PolicyRule, type Principal } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { recordingRunner } from '../support/execution-plugin.js'

// A small world, so that random specs, policies and inventories collide often:
// node names that are also group names, globs that match denied nodes, groups of denied nodes only.
const NODE_NAMES = ['web01', 'web02', 'db01', 'db02', 'dbx', 'q1', 'edge'] as const
const GROUP_NAMES = ['web', 'db', 'edge', 'mixed'] as const
const SPEC_NAMES = [...NODE_NAMES, ...GROUP_NAMES, 'all', 'ghost', 'web*', 'd*', 'q*', '*', '*1', 'group:web', 'group:db', 'group:edge', 'group:ghost'] as const
const NODE_PATTERNS = ['web*', 'db*', 'q*', 'edge', 'web01', 'group:web', 'group:db', 'group:edge'] as const
const CAPABILITY_PATTERNS = ['command.execute', 'command.*', '*', 'inventory.*', 'info.facts', 'inventory.get'] as const

interface World {
  nodes: Array<{ id: string; groups: string[] }>
  groups: Array<{ name: string; nodes: string[]; groups: string[] }>
}

const rule: fc.Arbitrary<PolicyRule> = fc.oneof(
  fc.constantFrom(...CAPABILITY_PATTERNS),
  fc.record({ capability: fc.constantFrom(...CAPABILITY_PATTERNS), nodes: fc.uniqueArray(fc.constantFrom(...NODE_PATTERNS), { minLength: 1, maxLength: 2 }) }),
)
const policy: fc.Arbitrary<Policy> = fc.record({
  roles: fc.record({
    a: fc.record({ allow: fc.array(rule, { maxLength: 3 }), deny: fc.array(rule, { maxLength: 2 }) }),
    b: fc.record({ allow: fc.array(rule, { maxLength: 3 }), deny: fc.array(rule, { maxLength: 1 }) }),
  }),
})
const world: fc.Arbitrary<World> = fc.record({
  nodes: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...NODE_NAMES), groups: fc.uniqueArray(fc.constantFrom(...GROUP_NAMES), { maxLength: 2 }) }),
    { selector: (node) => node.id, minLength: 1, maxLength: NODE_NAMES.length },
  ),
  groups: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...GROUP_NAMES),
      nodes: fc.uniqueArray(fc.constantFrom(...NODE_NAMES, 'ghost'), { maxLength: 3 }),
      groups: fc.uniqueArray(fc.constantFrom(...GROUP_NAMES), { maxLength: 1 }),
    }),
    { selector: (group) => group.name, maxLength: GROUP_NAMES.length },
  ),
})
const spec = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...SPEC_NAMES), { minLength: 1, maxLength: 3 }),
  fc.record({ groups: fc.uniqueArray(fc.constantFrom(...GROUP_NAMES), { minLength: 1, maxLength: 2 }) }),
)
const roles = fc.subarray(['a', 'b'])

/** What a caller can observe of one call: the error's code, message and details, or the nodes that ran. */
type Outcome = { error: { code: string; message: string; details: unknown } } | { ran: string[] }

async function observe(worldNow: World, thePolicy: Policy, principal: Principal, targets: unknown, node: string): Promise<[ran: Outcome, got: Outcome]> {
  const { runner, calls } = recordingRunner()
  const inventory = testPlugin({
    name: 'cmdb',
    capabilities: {
      'inventory.list': async () => ({ nodes: structuredClone(worldNow.nodes) }),
      'inventory.groups': async () => ({ groups: structuredClone(worldNow.groups) }),
    },
  })
  await using capstan = await createTestCapstan({ plugins: [inventory, runner], policy: thePolicy })
  const caught = (error: unknown): Outcome => {
    const { code, message, details } = error as { code: string; message: string; details: unknown }
    return { error: { code, message, details } }
  }
  const ran = await capstan
    .invoke('command.execute', { targets, command: 'uptime' } as never, { principal })
    .then(async (run) => {
      await run.result
      return { ran: [...calls].sort() }
    })
    .catch(caught)
  const got = await capstan
    .invoke('inventory.get', { node }, { principal })
    .then((result) => ({ ran: [result.node?.id ?? 'null'] }))
    .catch(caught)
  return [ran, got]
}

describe('RBAC target resolution (property)', () => {
  it('gives a principal the same outcome whether the nodes outside its reach exist or not', async () => {
    await fc.assert(
      fc.asyncProperty(policy, world, roles, spec, fc.constantFrom(...NODE_NAMES, 'ghost'), async (thePolicy, full, held, targets, node) => {
        const principal: Principal = { id: 'pat', roles: held }
        const checker = compilePolicy(thePolicy)
        // Remove every node the principal may not run a command on, or get: those it must not be able to tell from nothing.
        const visible = (permission: string) => (n: { id: string; groups: string[] }) => checker.check(principal, permission, { nodes: [n] }).allowed
        const [ranFull, gotFull] = await observe(full, thePolicy, principal, targets, node)
        const [ranCut] = await observe({ ...full, nodes: full.nodes.filter(visible('command.execute')) }, thePolicy, principal, targets, node)
        const [, gotCut] = await observe({ ...full, nodes: full.nodes.filter(visible('inventory.get')) }, thePolicy, principal, targets, node)
        expect(ranCut).toEqual(ranFull)
        expect(gotCut).toEqual(gotFull)
        // What ran is exactly the permitted part of what the spec selects.
        if ('ran' in ranFull) for (const id of ranFull.ran) expect(visible('command.execute')({ id, groups: full.nodes.find((n) => n.id === id)?.groups ?? [] })).toBe(true)
      }),
      { numRuns: 200 },
    )
  }, 120_000)
})
