import type { NodeFacts } from '../../capabilities/models/facts.js'
import type { NodeGroup } from '../../capabilities/models/node.js'
import type { PackageInfo } from '../../capabilities/models/package-info.js'
import type { ReportStatus } from '../../capabilities/models/report.js'
import type { ResourceEventStatus } from '../../capabilities/models/resource-event.js'
import type { NodePackages } from '../../capabilities/packages.js'
import { formatTime } from './format-time.js'
import { renderLinkConflicts } from './render-link-conflicts.js'
import { renderSourceWarnings } from './render-source-warnings.js'
import { formatCell, renderTable, type TableColumn } from './render-table.js'
import { renderTree } from './render-tree.js'
import type { Style } from './style.js'

type Row = Record<string, unknown>
/** Renders one capability's result, or returns undefined when the result is not of the expected shape. */
type ResultRenderer = (result: Row, style: Style) => string | undefined

function listOf(result: Row, key: string): Row[] | undefined {
  const value = result[key]
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null) ? (value as Row[]) : undefined
}

function countOf(list: readonly unknown[], total: unknown, noun: string, style: Style): string {
  if (typeof total !== 'number' || total <= list.length) return ''
  return `${style.dim(`showing ${list.length} of ${total} ${noun}`)}\n`
}

function reportStatus(status: unknown, style: Style): string {
  switch (status as ReportStatus) {
    case 'failed':
      return style.red('failed')
    case 'changed':
      return style.yellow('changed')
    case 'unchanged':
      return style.green('unchanged')
    default:
      return formatCell(status)
  }
}

function eventStatus(status: unknown, style: Style): string {
  switch (status as ResourceEventStatus) {
    case 'failure':
      return style.red('failure')
    case 'success':
      return style.green('success')
    case 'noop':
      return style.yellow('noop')
    case 'skipped':
      return style.dim('skipped')
    default:
      return formatCell(status)
  }
}

const renderNodes: ResultRenderer = (result, style) => {
  const nodes = listOf(result, 'nodes')
  if (!nodes) return undefined
  return renderTable(
    nodes,
    [
      { key: 'id', header: 'ID' },
      { key: 'transport', header: 'TRANSPORT' },
      { key: 'groups', header: 'GROUPS' },
      { key: 'sources', header: 'SOURCES' },
    ],
    style,
  )
}

const renderNode: ResultRenderer = (result, style) => {
  if (!('node' in result)) return undefined
  if (result['node'] === null) return `${style.dim('node not found')}\n`
  return renderTree(result['node'], style)
}

const renderGroups: ResultRenderer = (result, style) => {
  const groups = listOf(result, 'groups')
  if (!groups) return undefined
  const columns: Array<TableColumn> = [
    { key: 'name', header: 'NAME' },
    { key: 'nodes', header: 'NODES', format: (nodes) => String(Array.isArray(nodes) ? nodes.length : 0) },
    { key: 'groups', header: 'CHILD GROUPS' },
    { key: 'sources', header: 'SOURCES' },
  ]
  const hasChildren = groups.some((group) => ((group as Partial<NodeGroup>).groups ?? []).length > 0)
  return renderTable(groups, hasChildren ? columns : columns.filter((column) => column.key !== 'groups'), style)
}

const renderFacts: ResultRenderer = (result, style) => {
  const facts = result as Partial<NodeFacts>
  if (typeof facts.node !== 'string' || typeof facts.facts !== 'object' || facts.facts === null) return undefined
  const header = [style.bold(facts.node), style.dim(`source: ${facts.source ?? ''}`), style.dim(`gathered: ${formatTime(facts.gatheredAt)}`)].join('  ')
  return `${header}\n${renderTree(facts.facts, style) || `${style.dim('(no facts)')}\n`}`
}

const renderReports: ResultRenderer = (result, style) => {
  const reports = listOf(result, 'reports')
  if (!reports) return undefined
  const table = renderTable(
    reports,
    [
      { key: 'certname', header: 'NODE' },
      { key: 'status', header: 'STATUS', format: (status) => reportStatus(status, style) },
      { key: 'environment', header: 'ENVIRONMENT' },
      { key: 'startTime', header: 'TIME', format: formatTime },
      { key: 'noop', header: 'NOOP', format: (noop) => (noop === true ? 'noop' : '') },
      // The hash is what reports.get takes.
      { key: 'hash', header: 'HASH' },
    ],
    style,
  )
  return table + countOf(reports, result['total'], 'reports', style)
}

const renderReport: ResultRenderer = (result, style) => {
  const report = result['report']
  if (typeof report !== 'object' || report === null) return undefined
  return renderTree(report, style)
}

const renderEvents: ResultRenderer = (result, style) => {
  const events = listOf(result, 'events')
  if (!events) return undefined
  const table = renderTable(
    events,
    [
      { key: 'timestamp', header: 'TIME', format: formatTime },
      { key: 'certname', header: 'NODE' },
      { key: 'status', header: 'STATUS', format: (status) => eventStatus(status, style) },
      { key: 'resourceType', header: 'RESOURCE', format: (_type, row) => `${formatCell(row['resourceType'])}[${formatCell(row['resourceTitle'])}]` },
      { key: 'property', header: 'PROPERTY' },
    ],
    style,
  )
  return table + countOf(events, result['total'], 'events', style)
}

/** One table row per package, named after the columns of {@link renderPackages}. */
interface PackageRow extends Row {
  node: string
  manager: string
  name: string
  version: string
  arch: string
  status: string
}

const renderPackages: ResultRenderer = (result, style) => {
  const nodes = listOf(result, 'nodes') as Array<Partial<NodePackages>> | undefined
  if (!nodes) return undefined
  const rows: PackageRow[] = []
  const errors: string[] = []
  for (const entry of nodes) {
    const node = entry.node ?? ''
    if (entry.error) errors.push(`${style.red(`${node}: error (${entry.error.code}): ${entry.error.message}`)}\n`)
    for (const pkg of (entry.packages ?? []) as PackageInfo[]) {
      rows.push({
        node,
        manager: pkg.manager ?? entry.manager ?? '',
        name: pkg.name,
        version: pkg.availableVersion ? `${pkg.version} → ${pkg.availableVersion}` : pkg.version,
        arch: pkg.arch ?? '',
        status: pkg.status ?? '',
      })
    }
  }
  const table = renderTable(
    rows,
    [
      { key: 'node', header: 'NODE' },
      { key: 'manager', header: 'MANAGER' },
      { key: 'name', header: 'NAME' },
      { key: 'version', header: 'VERSION' },
      { key: 'arch', header: 'ARCH' },
      { key: 'status', header: 'STATUS', format: (status) => (status === 'upgradable' ? style.yellow('upgradable') : formatCell(status)) },
    ],
    style,
  )
  return table + errors.join('')
}

const renderTasks: ResultRenderer = (result, style) => {
  const tasks = listOf(result, 'tasks')
  if (!tasks) return undefined
  return renderTable(
    tasks,
    [
      { key: 'name', header: 'NAME' },
      { key: 'source', header: 'SOURCE' },
      { key: 'description', header: 'DESCRIPTION' },
    ],
    style,
  )
}

const renderJournal: ResultRenderer = (result, style) => {
  const entries = listOf(result, 'entries')
  if (!entries) return undefined
  const table = renderTable(
    entries,
    [
      { key: 'time', header: 'TIME', format: formatTime },
      { key: 'node', header: 'NODE' },
      { key: 'kind', header: 'KIND' },
      { key: 'summary', header: 'SUMMARY' },
      { key: 'actor', header: 'BY' },
    ],
    style,
  )
  // The next page is one flag away: say which.
  const more = typeof result['nextCursor'] === 'string' ? `${style.dim(`more: --cursor ${result['nextCursor']}`)}\n` : ''
  return table + more
}

/** Capability id → how its result reads best. Anything else is shown as a tree. */
const renderers: Readonly<Record<string, ResultRenderer>> = {
  'inventory.list': renderNodes,
  'inventory.filter': renderNodes,
  'inventory.get': renderNode,
  'inventory.groups': renderGroups,
  'info.facts': renderFacts,
  'info.refresh': renderFacts,
  'reports.list': renderReports,
  'reports.query': renderReports,
  'reports.get': renderReport,
  'events.list': renderEvents,
  'events.query': renderEvents,
  'package.list': renderPackages,
  'package.search': renderPackages,
  'task.list': renderTasks,
  'journal.list': renderJournal,
}

/** True when {@link renderResult} has a dedicated layout for this capability (others fall back to a tree). */
export function hasResultLayout(capabilityId: string): boolean {
  return Object.hasOwn(renderers, capabilityId)
}

/**
 * The human form of a capability's result: tables for lists (nodes, groups,
 * reports, events, packages, tasks, journal entries), key/value trees for single records
 * (facts, a node, a report), and a tree for any other capability or for a
 * result not of the expected shape. Sources that failed an aggregated query
 * are appended as warning lines (see {@link renderSourceWarnings}), and names
 * linking could not use as note lines (see {@link renderLinkConflicts}).
 *
 * @example
 * ```ts
 * const result = await capstan.invoke('inventory.list', {})
 * process.stdout.write(renderResult('inventory.list', result, style))
 * ```
 */
export function renderResult(capabilityId: string, result: unknown, style: Style): string {
  let text: string | undefined
  const renderer = renderers[capabilityId]
  if (renderer && typeof result === 'object' && result !== null && !Array.isArray(result)) text = renderer(result as Row, style)
  text ??= renderTree(result, style)
  return text + renderLinkConflicts(result, style) + renderSourceWarnings(result, style)
}
