import { z } from 'zod'

/**
 * What Bolt accepts as a group name or a target alias (Bolt's `NAME_REGEX`):
 * lower case, digits, `_` and `-`, not starting with `-`. Bolt refuses anything
 * else, so we do too rather than accept a file Bolt itself would reject.
 */
export const BOLT_NAME_PATTERN = /^[a-z0-9_][a-z0-9_-]*$/

const boltName = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) }).regex(BOLT_NAME_PATTERN, { error: `${what} must match ${BOLT_NAME_PATTERN.source} (lower case letters, digits, _ and -)` })

/**
 * Transport configuration: `transport` names the default transport, every
 * other key is a transport's own section (`ssh`, `winrm`, `local`, ...). Bolt
 * only warns about unknown transport names, so any name is accepted, but each
 * section must be a mapping.
 */
export const BoltConfig = z
  .object({ transport: z.string().min(1).optional() })
  .catchall(z.record(z.string(), z.unknown(), { error: 'a transport section must be a mapping' }))
/** Transport configuration of a group or target. */
export type BoltConfig = z.infer<typeof BoltConfig>

const mapping = z.record(z.string(), z.unknown(), { error: 'expected a mapping' })

/** The data keys a group, a target and the top level share. */
const dataKeys = {
  config: BoltConfig.optional(),
  vars: mapping.optional(),
  facts: mapping.optional(),
  features: z.array(z.string(), { error: 'expected a list of feature names' }).optional(),
  // Bolt applies plugin_hooks when installing the Puppet agent; accepted so a
  // real Bolt file parses, then ignored: nothing in Capstan uses them.
  plugin_hooks: mapping.optional(),
}

/** Rejects the keys Bolt itself refuses with a migration message. */
function rejectRetiredKeys(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if ('nodes' in value) {
    ctx.addIssue({ code: 'custom', path: ['nodes'], message: "'nodes' is inventory version 1, which Bolt no longer reads: rename it to 'targets' (bolt project migrate does this)" })
  }
  if ('target-lookups' in value) {
    ctx.addIssue({ code: 'custom', path: ['target-lookups'], message: "'target-lookups' is no longer a key: merge it into 'targets'" })
  }
}

/**
 * One target entry in a `targets` list: a mapping with `uri` and/or `name`.
 * Unknown keys are kept and ignored, because Bolt only warns about them.
 */
export const BoltTargetObject = z
  .looseObject({
    name: z.string().min(1).optional(),
    uri: z.string().min(1).optional(),
    alias: z.union([boltName('An alias'), z.array(boltName('An alias'))], { error: 'alias must be a name or a list of names' }).optional(),
    ...dataKeys,
  })
  .refine((t) => t.name !== undefined || t.uri !== undefined, { error: 'a target needs a name or a uri' })
  .refine((t) => /^[\x20-\x7e]*$/.test(t.name ?? t.uri ?? ''), { error: 'a target name must be ASCII characters' })
/** A target defined as a mapping. */
export type BoltTargetObject = z.infer<typeof BoltTargetObject>

/**
 * A target entry: a bare string (a URI, or the name or alias of a target
 * defined elsewhere in the file) or a {@link BoltTargetObject}.
 */
export const BoltTarget = z.union([z.string().min(1), BoltTargetObject], {
  error: 'expected a target name or URI, or a mapping with uri and/or name',
})
/** A target entry. */
export type BoltTarget = z.infer<typeof BoltTarget>

/** A group; `groups` nests further groups. Unknown keys are ignored, as Bolt only warns. */
export interface BoltGroup {
  name: string
  targets?: BoltTarget[] | undefined
  groups?: BoltGroup[] | undefined
  config?: BoltConfig | undefined
  vars?: Record<string, unknown> | undefined
  facts?: Record<string, unknown> | undefined
  features?: string[] | undefined
  plugin_hooks?: Record<string, unknown> | undefined
  [key: string]: unknown
}

const targetList = z.array(BoltTarget, { error: 'expected a list of targets' })

/** A group of targets (may nest groups). */
export const BoltGroup: z.ZodType<BoltGroup> = z.lazy(() =>
  z
    .looseObject({
      name: boltName('A group name'),
      targets: targetList.optional(),
      groups: z.array(BoltGroup, { error: 'expected a list of groups' }).optional(),
      ...dataKeys,
    })
    .superRefine(rejectRetiredKeys),
)

/**
 * A Bolt inventory file, format version 2. The top level is Bolt's implicit
 * group `all`: its data applies to every target.
 *
 * `_plugin` references are not part of this schema: the parser rejects them
 * before validation, because resolving them means running Bolt plugins.
 */
export const BoltInventory = z
  .looseObject({
    version: z.literal(2, { error: 'only inventory version 2 is supported' }).optional(),
    targets: targetList.optional(),
    groups: z.array(BoltGroup, { error: 'expected a list of groups' }).optional(),
    ...dataKeys,
  })
  .superRefine(rejectRetiredKeys)
/** A parsed Bolt inventory file. */
export type BoltInventory = z.infer<typeof BoltInventory>
