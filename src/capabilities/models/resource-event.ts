import { z } from 'zod'

/** What happened to one resource property during a Puppet run. */
export const ResourceEventStatus = z
  .enum(['success', 'failure', 'noop', 'skipped'])
  .describe('Outcome: changed, failed to change, would change (noop) or skipped')
/** What happened to one resource property. */
export type ResourceEventStatus = z.infer<typeof ResourceEventStatus>

/** A change (or attempted change) to one resource property in a Puppet run. */
export const ResourceEvent = z.object({
  certname: z.string().optional().describe('Node the event happened on'),
  reportHash: z.string().optional().describe('Hash of the report the event belongs to'),
  timestamp: z.string().describe('ISO 8601 time of the event'),
  resourceType: z.string().describe('Resource type, e.g. File, Package, Service'),
  resourceTitle: z.string().describe('Resource title, e.g. /etc/motd'),
  property: z.string().nullable().describe('Property that changed (ensure, content, ...); null for resource-level events'),
  oldValue: z.unknown().optional().describe('Value before the run'),
  newValue: z.unknown().optional().describe('Value Puppet set (or would set, in noop)'),
  message: z.string().nullable().describe('Puppet\'s message for the event'),
  status: ResourceEventStatus,
  containingClass: z.string().optional().describe('Class that declared the resource'),
  containmentPath: z.array(z.string()).optional().describe('Path from Stage[main] down to the resource'),
  file: z.string().optional().describe('Manifest file that declared the resource'),
  line: z.number().int().optional().describe('Line in that manifest'),
  correctiveChange: z.boolean().optional().describe('True when the change corrected drift rather than applying new code'),
})
/** A change to one resource property in a Puppet run. */
export type ResourceEvent = z.infer<typeof ResourceEvent>
