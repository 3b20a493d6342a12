import { z } from 'zod'

/** Where a provisioned resource is in its life. */
export const ProvisionedResourceStatus = z
  .enum(['pending', 'creating', 'running', 'stopped', 'failed', 'decommissioning', 'decommissioned'])
  .describe('Where the resource is in its life')
/** Where a provisioned resource is in its life. */
export type ProvisionedResourceStatus = z.infer<typeof ProvisionedResourceStatus>

/** A machine or container a provisioning plugin created (or is creating). */
export const ProvisionedResource = z.object({
  id: z.string().min(1).describe('Resource id in its provider'),
  name: z.string().min(1).describe('Name it was created with'),
  kind: z.string().min(1).describe('What it is: vm, container, ...'),
  provider: z.string().min(1).describe('Backend that manages it (terraform, proxmox, docker, ...)'),
  status: ProvisionedResourceStatus,
  node: z.string().optional().describe('Node id, once the resource is a node in the inventory'),
  createdAt: z.string().describe('ISO 8601 time it was requested'),
  updatedAt: z.string().optional().describe('ISO 8601 time its status last changed'),
  spec: z.record(z.string(), z.unknown()).optional().describe('Specification it was created from'),
  outputs: z.record(z.string(), z.unknown()).optional().describe('What the provider reported back (addresses, ids, ...)'),
  message: z.string().optional().describe('Provider message (why it failed, ...)'),
  source: z.string().optional().describe('Plugin that reported it; set by the host when lists are merged'),
})
/** A provisioned machine or container. */
export type ProvisionedResource = z.infer<typeof ProvisionedResource>
