import { type SourceNode } from 'capstan'
import { getPath } from 'capstan/plugin-kit'
import { omitNulls } from './omit-nulls.js'
import { parsePdbRow } from './parse-pdb-row.js'
import { PdbNodeRow } from './pdb-node-row.js'
import { isoTime } from './pdb-time.js'

/** What {@link mapNode} adds to a nodes row from other queries. */
export interface NodeExtras {
  /**
   * Facts projected for the node (a few, nested: `{ os: { family: 'Debian' } }`,
   * see `projectFacts`); may be empty. Left out of the node when undefined.
   */
  facts?: Record<string, unknown>
  /** Group names of the node (see `deriveGroups`). */
  groups: string[]
}

/** Facts whose string value names the node too, checked in this order. */
const IDENTITY_FACTS = ['networking.fqdn', 'fqdn', 'networking.ip', 'ipaddress'] as const

/**
 * Maps one row of `/pdb/query/v4/nodes` onto a {@link SourceNode}.
 *
 * - `id` is the certname; `aliases` hold the short hostname (first DNS
 *   label) when the certname has more than one label and is not an IP
 *   address, so `-t web01` finds `web01.example.com`.
 * - `identifiers` are the string values of the projected facts
 *   `networking.fqdn`, `fqdn`, `networking.ip` and `ipaddress` that differ
 *   from the id, for linking with other sources; empty without those facts.
 * - `vars` carry what PuppetDB knows of the node's last run and state:
 *   `environment` (the catalog's, else the facts', else the report's),
 *   `latestReportStatus`, `latestReportHash`, `latestReportNoop`,
 *   `latestReportNoopPending`, `latestReportCorrectiveChange`,
 *   `reportTimestamp`, `factsTimestamp`, `catalogTimestamp`,
 *   `cachedCatalogStatus`, `deactivated`, `expired`. A null is left out, not
 *   carried; times are UTC ISO 8601.
 * - `facts` are `extras.facts` as given; `groups` are `extras.groups`.
 *
 * PuppetDB knows no way to reach a node, so the node has no `uri` and no
 * `transport`: commands go through a source that has them (Bolt, SSH).
 *
 * `row` is one element of the answer as received: it is checked against
 * {@link PdbNodeRow} here, so the caller needs no cast. `source` (the plugin
 * name) only goes into errors.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field and the certname when
 *   the row is not what PuppetDB 7 answers (no certname, a time that is not
 *   ISO 8601, a string where a boolean belongs, ...).
 */
export function mapNode(row: unknown, extras: NodeExtras, source: string): SourceNode {
  const node = parsePdbRow(PdbNodeRow, row, { entity: 'nodes', plugin: source })
  const id = node.certname
  const short = shortHostname(id)
  return {
    id,
    aliases: short === undefined ? [] : [short],
    identifiers: identifiersOf(id, extras.facts),
    groups: [...extras.groups],
    vars: omitNulls({
      environment: node.catalog_environment ?? node.facts_environment ?? node.report_environment,
      latestReportStatus: node.latest_report_status,
      latestReportHash: node.latest_report_hash,
      latestReportNoop: node.latest_report_noop,
      latestReportNoopPending: node.latest_report_noop_pending,
      latestReportCorrectiveChange: node.latest_report_corrective_change,
      reportTimestamp: optionalTime(node.report_timestamp),
      factsTimestamp: optionalTime(node.facts_timestamp),
      catalogTimestamp: optionalTime(node.catalog_timestamp),
      cachedCatalogStatus: node.cached_catalog_status,
      deactivated: optionalTime(node.deactivated),
      expired: optionalTime(node.expired),
    }),
    ...(extras.facts === undefined ? {} : { facts: extras.facts }),
  }
}

/** `web01` for `web01.example.com`; undefined for a single label or an IP address. */
function shortHostname(certname: string): string | undefined {
  const dot = certname.indexOf('.')
  if (dot <= 0 || certname.includes(':') || /^[\d.]+$/.test(certname)) return undefined
  return certname.slice(0, dot)
}

function identifiersOf(id: string, facts: Record<string, unknown> | undefined): string[] {
  const seen = new Set([id.toLowerCase()])
  const out: string[] = []
  for (const path of IDENTITY_FACTS) {
    const value = getPath(facts, path)
    if (typeof value !== 'string' || value === '' || seen.has(value.toLowerCase())) continue
    seen.add(value.toLowerCase())
    out.push(value)
  }
  return out
}

function optionalTime(time: string | null | undefined): string | undefined {
  return time === null || time === undefined ? undefined : isoTime(time)
}
