import { LineCounter, parseDocument, type Document } from 'yaml'
import type { NodeGroup, SourceNode } from '../capabilities/models/node.js'
import { formatPath } from '../errors/validation-error.js'
import { BoltInventory } from './bolt-inventory-schema.js'
import { findPluginReference } from './find-plugin-reference.js'
import { groupsFromGroupTree } from './groups-from-group-tree.js'
import { inventoryConfigError } from './inventory-config-error.js'
import { buildInventoryGroupTree } from './inventory-group-tree.js'
import { locateYamlPath } from './locate-yaml-path.js'
import { mostSpecificIssue } from './most-specific-issue.js'
import { nodesFromGroupTree } from './nodes-from-group-tree.js'
import { thrownMessage } from '../errors/thrown-message.js'

/** What a Bolt inventory file describes. */
export interface ParsedInventory {
  /** One node per target, in file order, with inherited data resolved. */
  nodes: SourceNode[]
  /** Every group, the implicit `all` first. */
  groups: NodeGroup[]
}

/**
 * Parses a Bolt inventory file (format version 2) into nodes and groups, with
 * Bolt's semantics: a target's name is its `name` or else its `uri`; vars,
 * facts and config flow from the top level through nested groups to the
 * target (the target wins; config and facts merge deep, vars one level); a
 * target listed in several groups is one node in all of them; the transport
 * comes from the URI scheme, else `config.transport`, else `ssh`.
 *
 * Pure: reads no file and starts nothing; `file` is only named in errors.
 * Node `config` holds only the node's transport section, without credentials.
 *
 * @throws CapstanError CONFIG_ERROR naming `file` for a YAML syntax error
 *   (`details.line`, `details.column`), a field Bolt would refuse
 *   (`details.field` like `groups[0].targets[1].alias`, with its line), a
 *   `_plugin` reference (not supported by the local plugin), a group name
 *   used twice, or clashing group, target and alias names.
 *
 * @example
 * ```ts
 * const { nodes, groups } = parseBoltInventory(await readFile(path, 'utf8'), path)
 * ```
 */
export function parseBoltInventory(yamlText: string, file: string): ParsedInventory {
  const lineCounter = new LineCounter()
  const doc = parseDocument(yamlText, {
    lineCounter,
    // Bolt reads YAML with Ruby's Psych, a YAML 1.1 parser: `yes`/`no` are
    // booleans and `<<` merge keys work, so read the file as 1.1 too. Dates
    // stay strings: node data must be plain JSON.
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  })
  const syntaxError = doc.errors[0]
  if (syntaxError) {
    const position = syntaxError.linePos?.[0]
    const reason = syntaxError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? syntaxError.message
    const where = position ? ` at line ${position.line}, column ${position.col}` : ''
    throw inventoryConfigError(file, `YAML syntax error${where}: ${reason}`, { line: position?.line, column: position?.col, yamlCode: syntaxError.code }, syntaxError)
  }

  let data: unknown
  try {
    data = doc.toJS() ?? {}
  } catch (error) {
    // yaml refuses documents whose aliases expand too far (a "billion laughs" file).
    throw inventoryConfigError(file, `YAML cannot be loaded: ${thrownMessage(error)}`, {}, error)
  }
  const pluginPath = findPluginReference(data)
  if (pluginPath) {
    throw fieldError(file, doc, lineCounter, pluginPath, '_plugin references are not supported by the local plugin; resolve the value in the file, or read this inventory with the Bolt plugin')
  }

  const parsed = BoltInventory.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.map(mostSpecificIssue)
    const [first] = issues
    const others = issues.length - 1
    const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : ''
    throw fieldError(file, doc, lineCounter, first?.path ?? [], `${first?.message ?? 'not valid'}${more}`, {
      issues: issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    }, parsed.error)
  }

  const tree = buildInventoryGroupTree(parsed.data, (path, message, details) => fieldError(file, doc, lineCounter, path, message, details))
  return { nodes: nodesFromGroupTree(tree), groups: groupsFromGroupTree(tree) }
}

function fieldError(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
) {
  const field = formatPath(path)
  const position = locateYamlPath(doc, lineCounter, path)
  const where = position ? ` (line ${position.line}, column ${position.column})` : ''
  return inventoryConfigError(file, `${field}${where}: ${message}`, { field, line: position?.line, column: position?.column, ...details }, cause)
}
