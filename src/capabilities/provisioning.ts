import { z } from 'zod'
import { defineCapability } from './capability.js'
import { jsonParams } from './models/json-params.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { idField, targets } from './input-fields.js'
import { ProvisionedResource } from './models/provisioned-resource.js'
import { aggregated } from './models/source-outcome.js'

const oneResource = z.object({ resource: ProvisionedResource })
const resourceId = z.object({ id: idField('provisioned resource') }).strict()

/** Provisioning capabilities: create machines and containers, and take them down. */
export const provisioningCapabilities = {
  create: defineCapability({
    id: 'provision.create',
    type: 'provisioning',
    description: 'Create a machine or container; the plugin is chosen by the caller',
    kind: 'action',
    routing: { mode: 'targeted' },
    input: z
      .object({
        name: nameString('Name of the new resource (usually its host name)'),
        kind: nameString('What to create: vm, container, ...'),
        spec: jsonParams('Provider-specific specification (size, image, network, ...)').default({}),
      })
      .strict(),
    output: oneResource,
  }),
  status: defineCapability({
    id: 'provision.status',
    type: 'provisioning',
    description: 'Get the current state of a provisioned resource',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: resourceId,
    output: oneResource,
  }),
  list: defineCapability({
    id: 'provision.list',
    type: 'provisioning',
    description: 'List the resources every provisioning plugin manages',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'concat' },
    input: z.object({}).strict(),
    output: z.object({ resources: z.array(ProvisionedResource).describe('Resources this plugin manages') }),
    result: aggregated({ resources: z.array(ProvisionedResource).describe('Resources of every plugin, each with its source') }),
  }),
  decommission: defineCapability({
    id: 'decommission.execute',
    type: 'provisioning',
    description: 'Take down the machines or containers behind the target nodes',
    kind: 'action',
    routing: { mode: 'targeted' },
    input: z
      .object({
        targets,
        force: z.boolean().default(false).describe('Take down even when the resource is protected or busy'),
      })
      .strict(),
    output: z.object({ resources: z.array(ProvisionedResource).describe('The resources being taken down') }),
  }),
  decommissionStatus: defineCapability({
    id: 'decommission.status',
    type: 'provisioning',
    description: 'Get the state of a resource being taken down',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: resourceId,
    output: oneResource,
  }),
} as const

/** What a provisioning plugin implements. */
export type ProvisioningProvider = ProviderOf<typeof provisioningCapabilities>
