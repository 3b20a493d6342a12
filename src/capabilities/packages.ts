import { z } from 'zod'
import { defineCapability } from './capability.js'
import { boundedList } from './models/bounded-record.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { limit, targets, timeoutMs } from './input-fields.js'
import { ExecutionResult } from './models/execution.js'
import { PackageInfo } from './models/package-info.js'

const packageSpec = nameString('Package name, or name=version')
const packageList = boundedList(packageSpec).min(1).describe('Packages, each a name or name=version')

/** Packages found on one node, or why they could not be listed. */
export const NodePackages = z.object({
  node: nameString('Node id'),
  manager: z.string().optional().describe('Package manager used on the node (apt, dnf, ...)'),
  packages: z.array(PackageInfo).describe('Packages found; empty on error'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .describe('Why the node could not be asked'),
})
/** Packages found on one node. */
export type NodePackages = z.infer<typeof NodePackages>

const perNode = z.object({ nodes: z.array(NodePackages).describe('One entry per targeted node') })

/** Input of installing or removing named packages. */
const packageChange = z.object({ targets, packages: packageList, timeoutMs: timeoutMs.optional() }).strict()

/** Packages capabilities: install, remove, update, list and search OS packages. */
export const packagesCapabilities = {
  install: defineCapability({
    id: 'package.install',
    type: 'packages',
    description: 'Install packages on the target nodes',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    input: packageChange,
    output: ExecutionResult,
  }),
  uninstall: defineCapability({
    id: 'package.uninstall',
    type: 'packages',
    description: 'Remove packages from the target nodes',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    input: packageChange,
    output: ExecutionResult,
  }),
  update: defineCapability({
    id: 'package.update',
    type: 'packages',
    description: 'Update packages on the target nodes (all of them when none are named)',
    kind: 'action',
    routing: { mode: 'targeted', execution: true },
    input: z
      .object({
        targets,
        packages: packageList.optional().describe('Packages to update, each a name or name=version; all when omitted'),
        timeoutMs: timeoutMs.optional(),
      })
      .strict(),
    output: ExecutionResult,
  }),
  list: defineCapability({
    id: 'package.list',
    type: 'packages',
    description: 'List the packages installed on the target nodes',
    kind: 'query',
    routing: { mode: 'targeted' },
    input: z
      .object({
        targets,
        filter: nameString('Only packages whose name contains this text or matches this glob').optional(),
      })
      .strict(),
    output: perNode,
  }),
  search: defineCapability({
    id: 'package.search',
    type: 'packages',
    description: 'Search the package repositories of the target nodes',
    kind: 'query',
    routing: { mode: 'targeted' },
    input: z
      .object({
        targets,
        query: nameString('Text to search for in package names and descriptions'),
        limit: limit(50, 1000),
      })
      .strict(),
    output: perNode,
  }),
} as const

/** What a packages plugin implements. */
export type PackagesProvider = ProviderOf<typeof packagesCapabilities>
