import { z } from 'zod'

/** Free-form key/value data (vars, config, facts) as JSON-compatible values. */
export const JsonRecord = z.record(z.string(), z.unknown())

/**
 * A node as one source (plugin) reports it, before linking. `id` is that
 * source's name for it (certname, FQDN, inventory name).
 */
export const SourceNode = z.object({
  id: z.string().min(1).describe('The source\'s name for the node: certname, FQDN or inventory name'),
  name: z.string().min(1).optional().describe('Display name; defaults to id'),
  uri: z.string().optional().describe('How to reach it: host, host:port or transport://host:port'),
  aliases: z.array(z.string()).optional().describe('Other names it is known by; used for linking'),
  transport: z.string().optional().describe('Transport or plugin that should run commands on it (ssh, winrm, local, bolt, ...)'),
  groups: z.array(z.string()).optional().describe('Names of the groups it belongs to'),
  config: JsonRecord.optional().describe('Transport configuration (user, port, ...), never secrets'),
  vars: JsonRecord.optional().describe('Variables attached by the source'),
  facts: JsonRecord.optional().describe('Facts the source attaches to the node itself'),
  identifiers: z.array(z.string()).optional().describe('Extra identities (IP addresses, FQDNs) used only for linking'),
})
/** A node as one source reports it. */
export type SourceNode = z.infer<typeof SourceNode>

/**
 * A managed machine, linked across every source that knows it. `id` is the
 * canonical name (certname / FQDN), stable across calls and source order;
 * `sourceData` keeps each source's own record.
 */
export const Node = z.object({
  id: z.string().min(1).describe('Canonical name: certname or FQDN'),
  name: z.string().min(1).describe('Display name'),
  uri: z.string().optional(),
  aliases: z.array(z.string()).describe('Every other name the sources know it by'),
  transport: z.string().optional(),
  groups: z.array(z.string()).describe('Union of group names across sources'),
  sources: z.array(z.string()).describe('Plugins that know this node'),
  config: JsonRecord.optional(),
  vars: JsonRecord.optional(),
  facts: JsonRecord.optional(),
  sourceData: z.record(z.string(), SourceNode).describe('Each source\'s own record, keyed by plugin name'),
  adHoc: z.boolean().optional().describe('True for a transient node made from a uri target (ssh://user@host:port): in no inventory, made for one call'),
})
/** A linked node. */
export type Node = z.infer<typeof Node>

/** A named set of nodes, merged by name across sources. */
export const NodeGroup = z.object({
  name: z.string().min(1),
  nodes: z.array(z.string()).describe('Ids of member nodes (as the sources name them)'),
  groups: z.array(z.string()).optional().describe('Names of child groups'),
  vars: JsonRecord.optional(),
  config: JsonRecord.optional(),
  facts: JsonRecord.optional(),
  sources: z.array(z.string()).optional().describe('Plugins that define this group; set by the host'),
})
/** A group of nodes. */
export type NodeGroup = z.infer<typeof NodeGroup>
