import { z } from 'zod'
import { defineCapability } from './capability.js'
import type { ProviderOf } from './handler.js'
import { linkConflictFields } from './models/identity-conflict.js'
import { nameString } from './models/name-string.js'
import { Node, NodeGroup, SourceNode } from './models/node.js'
import { aggregated } from './models/source-outcome.js'
import { NodeFilter } from './models/target.js'

const refresh = z.boolean().default(false).describe('Bypass the inventory cache')

/** Inventory capabilities: where the nodes are and how they are grouped. */
export const inventoryCapabilities = {
  list: defineCapability({
    id: 'inventory.list',
    type: 'inventory',
    description: 'List every node, merged and linked across inventory sources',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'nodes' },
    served: { cache: 'inventory' },
    input: z.object({ refresh }).strict(),
    output: z.object({ nodes: z.array(SourceNode) }),
    result: aggregated({ nodes: z.array(Node), ...linkConflictFields }),
  }),
  get: defineCapability({
    id: 'inventory.get',
    type: 'inventory',
    description: 'Get one node with the data of every source that knows it',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'node' },
    // Answered from the linked listing, so a node is found by any name any source knows it by.
    derivedFrom: { capability: 'inventory.list', keep: ['refresh'] },
    served: { cache: 'inventory', then: 'find-node' },
    input: z.object({ node: nameString('Node id, name or alias'), refresh }).strict(),
    output: z.object({ node: SourceNode.nullable() }),
    result: aggregated({ node: Node.nullable() }),
  }),
  groups: defineCapability({
    id: 'inventory.groups',
    type: 'inventory',
    description: 'List node groups, merged by name across sources',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'groups' },
    served: { cache: 'inventory' },
    input: z.object({ refresh }).strict(),
    output: z.object({ groups: z.array(NodeGroup) }),
    result: aggregated({ groups: z.array(NodeGroup) }),
  }),
  filter: defineCapability({
    id: 'inventory.filter',
    type: 'inventory',
    description: 'List the nodes matching a filter on names, groups, sources and facts',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'nodes' },
    // Every node of a source that cannot filter: the host filters the linked nodes afterwards.
    derivedFrom: { capability: 'inventory.list', keep: ['refresh'] },
    served: { cache: 'inventory', then: 'filter' },
    input: NodeFilter.extend({ refresh }).strict(),
    output: z.object({ nodes: z.array(SourceNode) }),
    result: aggregated({ nodes: z.array(Node), ...linkConflictFields }),
  }),
} as const

/** What an inventory plugin implements (any subset; `inventory.list` at least). */
export type InventoryProvider = ProviderOf<typeof inventoryCapabilities>
