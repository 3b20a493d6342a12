import semver from 'semver'
import { z } from 'zod'
import { capabilityCatalog, getCapability } from '../capabilities/catalog.js'
import { CapstanError } from '../errors/capstan-error.js'
import { closestMatch } from '../errors/closest-match.js'
import { fieldIssues } from '../errors/validation-error.js'
import { PluginName } from './plugin-metadata.js'

/**
 * A list of capability ids, none twice. Whether each is known (the core's, or
 * of a type the manifest contributes) is checked over the whole manifest
 * ({@link checkKnownIds}), since `contributes` decides it; the issue names
 * the bad index (`capabilities[2]`) rather than a bare "invalid value".
 */
const CapabilityIds = z.array(z.string().min(1)).superRefine((ids, ctx) => {
  const seen = new Set<string>()
  ids.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `capability "${id}" is listed twice` })
    seen.add(id)
  })
})

/** A permission pattern such as `inventory.*`, `command.execute` or `*`; that it grants something is checked with the rest. */
const PermissionPattern = z.string().regex(/^[a-z0-9*][a-z0-9.*-]*$/, 'a capability id or pattern such as "inventory.*"')

/** Hints the generated CLI uses for one capability. */
const CliHint = z
  .object({
    /** Full command lines shown in `--help`. */
    examples: z.array(z.string().min(1)).optional(),
    /** Extra command names, e.g. `ls` for `inventory.list`. */
    aliases: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes')).optional(),
  })
  .strict()

/** A frontend widget a plugin contributes to a host UI. */
const FrontendWidget = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes, starting with a letter'),
    title: z.string().min(1),
    /** Where the host UI places it (`node.details`, `dashboard`, ...); hosts ignore slots they do not have. */
    slot: z.string().min(1),
    /** Capabilities the widget calls; the UI hides it when the user may call none of them. */
    capabilities: CapabilityIds,
  })
  .strict()

/**
 * The schema of a plugin's `plugin.json`: what the plugin provides and which
 * core it supports, readable without running any plugin code. Unknown fields
 * are rejected so a misspelt field (`capabilites`) fails instead of being ignored.
 *
 * @example
 * ```json
 * {
 *   "name": "inventory-file",
 *   "core": "^0.1.0",
 *   "capabilities": ["inventory.list"],
 *   "permissions": { "viewer": ["inventory.*"] }
 * }
 * ```
 */
export const PluginManifest = z
  .object({
    /** Lets editors validate the file; ignored by the loader. */
    $schema: z.string().optional(),
    /** The plugin's name; must equal the `metadata.name` of the plugin the factory returns. */
    name: PluginName,
    /**
     * Deprecated: the version is package.json's, which the loader fills in
     * here. When given, it must be that version.
     */
    version: z
      .string()
      .refine((v) => semver.valid(v) !== null, 'not a semver version such as "1.2.3"')
      .optional(),
    description: z.string().optional(),
    /** Semver range of the Capstan core the plugin supports, e.g. `^0.1.0`. */
    core: z.string().refine((r) => semver.validRange(r) !== null, 'not a valid semver range such as "^0.1.0"'),
    /**
     * Every capability id the plugin implements: exactly the keys of its
     * `capabilities()`, which the loader checks both ways. Capabilities the
     * host derives from these (`inventory.get` from `inventory.list`) are not listed.
     */
    capabilities: CapabilityIds,
    /**
     * Names of the capability types the plugin contributes (`["catalog"]`):
     * its `contributes` must define exactly these, and its ids may then start
     * with them (`catalog.compile`).
     */
    contributes: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a capability type name: lowercase letters, digits and dashes')).default([]),
    /** Default permissions per role, seeding RBAC: role → capability patterns. */
    permissions: z.record(z.string().min(1), z.array(PermissionPattern)).default({}),
    /** UI contributions: an ES module entry and the widgets it defines. */
    frontend: z
      .object({
        /** Path of the frontend bundle, relative to the package. */
        entry: z.string().min(1),
        widgets: z.array(FrontendWidget).default([]),
      })
      .strict()
      .optional(),
    /** Hints for the generated CLI, keyed by capability id. */
    cli: z
      .object({ hints: z.record(z.string(), CliHint).optional() })
      .strict()
      .optional(),
    /** Where the plugin's code is. */
    entry: z
      .object({
        /** Relative path (`./dist/index.js`) or a specifier; default: the package's `exports` / `main`. */
        module: z.string().min(1).optional(),
        /** Named export of the factory; default: `default`, then the single function export ending in `Plugin`. */
        factory: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(checkKnownIds)

/** A parsed, validated `plugin.json`. */
export type PluginManifest = z.infer<typeof PluginManifest>

/**
 * Validates the parsed JSON of a plugin manifest. Throws a CONFIG_ERROR whose
 * message names `file` and every bad field, e.g.
 * `plugin.json: capabilities[2]: unknown capability "inventry.list" (did you mean "inventory.list"?)`;
 * `details.issues` lists them as `{ path, message }` and `details.field` is the first.
 *
 * @param json - the manifest as parsed from JSON
 * @param file - the manifest's path, named in the error
 */
export function parseManifest(json: unknown, file: string): PluginManifest {
  const parsed = PluginManifest.safeParse(json)
  if (parsed.success) return parsed.data
  const issues = fieldIssues(parsed.error)
  throw new CapstanError('CONFIG_ERROR', {
    message: `${file}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    details: { file, field: issues[0]?.path, issues },
    cause: parsed.error,
  })
}

interface ManifestIds {
  capabilities: string[]
  contributes: string[]
  permissions: Record<string, string[]>
  frontend?: { widgets: Array<{ capabilities: string[] }> } | undefined
  cli?: { hints?: Record<string, unknown> | undefined } | undefined
}

/**
 * Every capability id the manifest names (capabilities, widgets, CLI hints)
 * is the core's or of a type it contributes, and every permission pattern
 * matches one of those or a core permission: a pattern that grants nothing is
 * a typo (`inventry.*`) that would otherwise silently leave a role powerless.
 */
function checkKnownIds(manifest: ManifestIds, ctx: z.RefinementCtx): void {
  const contributed = (id: string) => manifest.contributes.includes(id.slice(0, id.indexOf('.')))
  const known = (id: string) => getCapability(id) !== undefined || contributed(id)
  const check = (id: string, path: PropertyKey[]) => {
    if (!known(id)) ctx.addIssue({ code: 'custom', path, message: unknownCapability(id) })
  }
  manifest.capabilities.forEach((id, index) => check(id, ['capabilities', index]))
  manifest.frontend?.widgets.forEach((widget, w) => widget.capabilities.forEach((id, index) => check(id, ['frontend', 'widgets', w, 'capabilities', index])))
  for (const id of Object.keys(manifest.cli?.hints ?? {})) check(id, ['cli', 'hints', id])
  const grantable = [...capabilityCatalog.flatMap((d) => [d.id, d.permission]), ...manifest.capabilities.filter(contributed)]
  for (const [role, patterns] of Object.entries(manifest.permissions)) {
    patterns.forEach((pattern, index) => {
      if (!grantable.some(patternMatcher(pattern))) ctx.addIssue({ code: 'custom', path: ['permissions', role, index], message: `pattern "${pattern}" matches no known capability` })
    })
  }
}

function unknownCapability(id: string): string {
  const suggestion = closestMatch(id, capabilityCatalog.map((d) => d.id))
  if (suggestion !== undefined) return `unknown capability "${id}" (did you mean "${suggestion}"?)`
  const type = id.slice(0, id.indexOf('.'))
  const coreType = capabilityCatalog.some((d) => d.id.startsWith(`${type}.`))
  return coreType || type === '' ? `unknown capability "${id}"` : `unknown capability "${id}"; if the plugin contributes type "${type}", name it under contributes`
}

/** `*` stands for any run of characters, as in `inventory.*` or `*`. */
function patternMatcher(pattern: string): (id: string) => boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  const regex = new RegExp(`^${source}$`)
  return (id) => regex.test(id)
}
