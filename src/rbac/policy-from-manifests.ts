import { z } from 'zod'
import { configError } from '../errors/config-error.js'
import { CapabilityPattern, type Policy } from './policy.js'

/** The part of a plugin manifest (plugin.json) that seeds RBAC. */
export interface ManifestPermissions {
  /** The plugin's name, named in errors. */
  name: string
  /** Default permissions: role → capability patterns the role may call. */
  permissions?: Record<string, string[]> | undefined
}

const ManifestPermissionsSchema = z.object({
  permissions: z.record(z.string().min(1), z.array(CapabilityPattern)).optional(),
})

/**
 * Seeds a policy from plugins' default permissions: each role's patterns
 * become allow rules, united across plugins (duplicates kept once, first-seen
 * order). The result has no deny rules; a host usually starts from it and
 * adds its own.
 *
 * @throws CapstanError CONFIG_ERROR naming the plugin and the bad field
 * (`permissions.viewer[1]`) when a pattern is not valid.
 *
 * @example
 * ```ts
 * const policy = policyFromManifests([{ name: 'bolt', permissions: { operator: ['command.*'] } }])
 * // { roles: { operator: { allow: ['command.*'] } } }
 * ```
 */
export function policyFromManifests(manifests: ReadonlyArray<ManifestPermissions>): Policy {
  const allows = new Map<string, Set<string>>()
  for (const manifest of manifests) {
    const parsed = ManifestPermissionsSchema.safeParse({ permissions: manifest.permissions })
    if (!parsed.success) throw configError(`default permissions of plugin "${manifest.name}"`, parsed.error, { plugin: manifest.name })
    for (const [role, patterns] of Object.entries(parsed.data.permissions ?? {})) {
      const set = allows.get(role) ?? new Set<string>()
      for (const pattern of patterns) set.add(pattern)
      allows.set(role, set)
    }
  }
  return { roles: Object.fromEntries([...allows].map(([role, patterns]) => [role, { allow: [...patterns] }])) }
}
