import type { BoltConfig, BoltGroup, BoltInventory, BoltTarget } from './bolt-inventory-schema.js'
import { formatPath } from '../errors/validation-error.js'
import { emptyTargetData, type TargetData } from './target-data.js'

/**
 * One group of a Bolt inventory with its targets resolved: the tree Bolt
 * builds before answering "what is target X's data". The root is the implicit
 * group `all`, holding the file's top-level data and targets.
 */
export interface InventoryGroupTree {
  /** Group name (`all` for the root). */
  name: string
  /** Where the group is in the file: `['groups', 1, 'groups', 0]`, `[]` for the root. */
  path: FieldPath
  /** The group's own data; `groups` is `[name]`. */
  data: TargetData
  /** The group's own declared values, kept as written for NodeGroup output. */
  declared: { config?: BoltConfig | undefined; vars?: Record<string, unknown> | undefined; facts?: Record<string, unknown> | undefined }
  /** Targets listed directly in this group, by target name, with the data given here. */
  targets: Map<string, TargetData>
  /** Nested groups, in file order. */
  children: InventoryGroupTree[]
}

/** A path into the parsed file, as Zod reports them. */
export type FieldPath = Array<string | number>

/**
 * Builds the error to throw for a conflict at `path`; the caller knows the
 * file and its YAML positions, the tree only knows the data.
 */
export type InventoryConflictReporter = (path: FieldPath, message: string, details: Record<string, unknown>) => Error

/** What the first pass learns about the whole file. */
interface Definitions {
  /** Group name to its path, for duplicate and conflict messages. */
  groups: Map<string, FieldPath>
  /** Names of targets defined as mappings anywhere. */
  targets: Set<string>
  /** Alias to the target it names, and where it was given. */
  aliases: Map<string, { target: string; path: FieldPath }>
}

/**
 * Builds the group tree of a validated inventory with Bolt's rules: a string
 * entry names a target defined elsewhere (by name, then by alias) or else is a
 * new target whose URI is that string; a target repeated in one group keeps its
 * first entry. Throws the error `report` builds for what Bolt refuses: a
 * group name used twice (`all` included), an alias naming two targets, and a
 * group, target or alias sharing a name.
 */
export function buildInventoryGroupTree(inventory: BoltInventory, report: InventoryConflictReporter): InventoryGroupTree {
  const root: BoltGroup = { ...inventory, name: 'all' }
  const definitions: Definitions = { groups: new Map(), targets: new Set(), aliases: new Map() }
  collectDefinitions(root, [], definitions, report)
  const tree = buildGroup(root, [], definitions)
  checkNameConflicts(tree, definitions, report)
  return tree
}

function targetName(target: Exclude<BoltTarget, string>): string {
  // The schema guarantees one of the two is present.
  return target.name ?? target.uri ?? ''
}

function aliasesOf(target: Exclude<BoltTarget, string>): string[] {
  if (target.alias === undefined) return []
  return typeof target.alias === 'string' ? [target.alias] : target.alias
}

function describe(path: FieldPath): string {
  return path.length === 0 ? 'the top level' : formatPath(path)
}

function collectDefinitions(group: BoltGroup, path: FieldPath, defs: Definitions, report: InventoryConflictReporter): void {
  const seen = defs.groups.get(group.name)
  if (seen !== undefined) {
    const where = seen.length === 0 ? 'the implicit group of the top level' : formatPath(seen)
    throw report([...path, 'name'], `group name '${group.name}' is used twice (${where} and ${formatPath(path)})`, { group: group.name })
  }
  defs.groups.set(group.name, path)
  for (const [index, target] of (group.targets ?? []).entries()) {
    if (typeof target === 'string') continue
    const name = targetName(target)
    defs.targets.add(name)
    for (const alias of aliasesOf(target)) {
      const other = defs.aliases.get(alias)
      // Bolt also refuses the same alias given twice for one target; repeating
      // a target with its alias in two groups is harmless, so we allow it.
      const targetPath = [...path, 'targets', index]
      if (other !== undefined && other.target !== name) {
        throw report([...targetPath, 'alias'], `alias '${alias}' refers to two targets: ${other.target} (${formatPath(other.path)}) and ${name}`, { alias })
      }
      defs.aliases.set(alias, { target: name, path: targetPath })
    }
  }
  for (const [index, child] of (group.groups ?? []).entries()) collectDefinitions(child, [...path, 'groups', index], defs, report)
}

function buildGroup(group: BoltGroup, path: FieldPath, defs: Definitions): InventoryGroupTree {
  const targets = new Map<string, TargetData>()
  for (const entry of group.targets ?? []) {
    if (typeof entry === 'string') {
      const name = defs.targets.has(entry) ? entry : (defs.aliases.get(entry)?.target ?? entry)
      if (targets.has(name)) continue
      // A reference to a target defined elsewhere carries no data of its own;
      // an unknown string is a new target reached at that URI.
      targets.set(name, name === entry && !defs.targets.has(entry) ? emptyTargetData({ uri: entry }) : emptyTargetData({ name }))
      continue
    }
    const name = targetName(entry)
    if (targets.has(name)) continue
    targets.set(
      name,
      emptyTargetData({
        name: entry.name,
        uri: entry.uri,
        aliases: aliasesOf(entry),
        config: entry.config ?? {},
        vars: entry.vars ?? {},
        facts: entry.facts ?? {},
        features: entry.features ?? [],
      }),
    )
  }
  return {
    name: group.name,
    path,
    data: emptyTargetData({ config: group.config ?? {}, vars: group.vars ?? {}, facts: group.facts ?? {}, features: group.features ?? [], groups: [group.name] }),
    declared: { config: group.config, vars: group.vars, facts: group.facts },
    targets,
    children: (group.groups ?? []).map((child, index) => buildGroup(child, [...path, 'groups', index], defs)),
  }
}

function checkNameConflicts(group: InventoryGroupTree, defs: Definitions, report: InventoryConflictReporter): void {
  for (const name of group.targets.keys()) {
    const groupPath = defs.groups.get(name)
    if (groupPath !== undefined) {
      throw report([...group.path, 'targets'], `target '${name}' in ${describe(group.path)} has the name of the group at ${describe(groupPath)}`, { target: name })
    }
    const alias = defs.aliases.get(name)
    if (alias !== undefined && alias.target !== name) {
      throw report([...group.path, 'targets'], `target '${name}' in ${describe(group.path)} has the name of an alias of ${alias.target} (${formatPath(alias.path)})`, { target: name })
    }
  }
  if (group.path.length === 0) {
    for (const [alias, { target, path }] of defs.aliases) {
      const groupPath = defs.groups.get(alias)
      if (groupPath !== undefined) {
        throw report([...path, 'alias'], `alias '${alias}' of ${target} has the name of the group at ${describe(groupPath)}`, { alias })
      }
    }
  }
  for (const child of group.children) checkNameConflicts(child, defs, report)
}
