import { z } from 'zod'

// Negation would make a rule's meaning depend on what it does not name; deny rules say that plainly.
const notNegated = (value: string): boolean => !value.startsWith('!')

/**
 * A capability (permission) pattern: an exact id (`command.execute`) or a glob
 * (`inventory.*`, `*.get`, `*`). `*` matches any run of characters, dots
 * included, so `inventory.*` also matches `inventory.groups.list`.
 */
export const CapabilityPattern = z
  .string()
  .min(1)
  .refine(notNegated, { message: 'negated patterns are not supported; write a deny rule instead' })
  .describe('Capability id or glob: command.execute, inventory.*, *')
/** A capability (permission) pattern. */
export type CapabilityPattern = z.infer<typeof CapabilityPattern>

/**
 * A node pattern: `group:<glob>` matches nodes in a matching group; any other
 * string is a glob matched against the node's id, name and aliases. Matching
 * ignores case, as host names do.
 */
export const NodePattern = z
  .string()
  .min(1)
  .refine(notNegated, { message: 'negated patterns are not supported; write a deny rule instead' })
  .refine((value) => value !== 'group:', { message: 'group: needs a group name or glob after it' })
  .describe('Node glob on id, name and aliases (web*), or group:<name>')
/** A node pattern. */
export type NodePattern = z.infer<typeof NodePattern>

/**
 * One rule: a capability pattern that applies to every call, or an object that
 * limits it to nodes.
 */
export const PolicyRule = z.union([
  CapabilityPattern,
  z.strictObject({
    capability: CapabilityPattern,
    nodes: z.array(NodePattern).min(1).optional().describe('Limits the rule to calls on matching nodes'),
  }),
], { error: 'expected a capability pattern string or { capability, nodes? }' })
/** One rule of a role. */
export type PolicyRule = z.infer<typeof PolicyRule>

/** What one role may and may not do. */
export const RolePolicy = z.strictObject({
  allow: z.array(PolicyRule).optional(),
  deny: z.array(PolicyRule).optional(),
})
/** What one role may and may not do. */
export type RolePolicy = z.infer<typeof RolePolicy>

/**
 * An RBAC policy: roles by name, each with allow and deny rules. Under a
 * policy, a call is allowed only when an allow rule of one of the principal's
 * roles covers it and no deny rule of any of them matches.
 *
 * @example
 * ```ts
 * const policy: Policy = {
 *   roles: {
 *     viewer: { allow: ['inventory.*', 'info.facts'] },
 *     operator: { allow: ['*'], deny: [{ capability: 'command.execute', nodes: ['group:production'] }] },
 *   },
 * }
 * ```
 */
export const Policy = z.strictObject({
  roles: z.record(z.string().min(1), RolePolicy),
})
/** An RBAC policy. */
export type Policy = z.infer<typeof Policy>
