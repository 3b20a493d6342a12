import { z } from 'zod'
import { defineCapability } from './capability.js'
import type { ProviderOf } from './handler.js'
import { NodeFacts } from './models/facts.js'
import { nameString } from './models/name-string.js'

const nodeInput = z.object({ node: nameString('Node id') }).strict()

/** Facts capabilities: what a node is. */
export const factsCapabilities = {
  facts: defineCapability({
    id: 'info.facts',
    type: 'facts',
    description: 'Facts of a node from the highest-priority provider that knows it (cached)',
    kind: 'query',
    routing: { mode: 'prioritised', mergeAll: 'facts' },
    served: { cache: 'facts' },
    input: nodeInput.extend({ refresh: z.boolean().default(false).describe('Bypass the facts cache') }).strict(),
    output: NodeFacts,
  }),
  refresh: defineCapability({
    id: 'info.refresh',
    type: 'facts',
    description: 'Drop the cached facts of a node and gather them again',
    kind: 'action',
    routing: { mode: 'prioritised', mergeAll: 'facts' },
    derivedFrom: { capability: 'info.facts', set: { refresh: true } },
    served: { cache: 'facts', refresh: true },
    input: nodeInput,
    output: NodeFacts,
  }),
} as const

/** What a facts plugin implements. */
export type FactsProvider = ProviderOf<typeof factsCapabilities>
