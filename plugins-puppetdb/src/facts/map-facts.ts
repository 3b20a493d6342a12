import type { Facts } from 'capstan'
import { parsePdbRow } from '../inventory/parse-pdb-row.js'
import { isoTime } from '../inventory/pdb-time.js'
import { PdbFactsetRow, PdbInventoryRow } from './pdb-facts-row.js'

/**
 * Maps one row of `/pdb/query/v4/inventory` onto {@link Facts}: every fact
 * of the node, with `trusted`.
 *
 * `gatheredAt` is PuppetDB's `timestamp`, when it received the facts: the
 * one time both the inventory and the factsets endpoints carry, so the same
 * facts read from either have the same time (factsets also have
 * `producer_timestamp`, the inventory does not).
 *
 * `trusted` (certname, extensions such as `pp_role`) belongs with the facts,
 * as Puppet code sees it as `$trusted` and Puppet Server stores it as a fact;
 * PuppetDB 7.12 returns it both inside `facts` and as the row's `trusted`.
 * The row's `trusted`, when present, is the one kept.
 *
 * `row` is one element of the answer as received: it is checked here.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field and the certname when
 *   the row is not what PuppetDB 7 answers.
 */
export function mapInventoryFacts(row: unknown, source: string): Facts {
  const inventory = parsePdbRow(PdbInventoryRow, row, { entity: 'inventory', plugin: source })
  const trusted = inventory.trusted ?? undefined
  return {
    node: inventory.certname,
    source,
    gatheredAt: isoTime(inventory.timestamp),
    facts: { ...inventory.facts, ...(trusted === undefined ? {} : { trusted }) },
  }
}

/**
 * Maps one row of `/pdb/query/v4/factsets` (with `facts` expanded) onto
 * {@link Facts}: `facts.data` becomes `{ [name]: value }`, `trusted`
 * included as the fact of that name. `gatheredAt` is PuppetDB's `timestamp`,
 * as for {@link mapInventoryFacts}.
 *
 * `row` is one element of the answer as received: it is checked here.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field and the certname when
 *   the row is not what PuppetDB 7 answers, `facts.data` included: facts
 *   without their data would read as a node without facts.
 */
export function mapFactset(row: unknown, source: string): Facts {
  const factset = parsePdbRow(PdbFactsetRow, row, { entity: 'factsets', plugin: source })
  return {
    node: factset.certname,
    source,
    gatheredAt: isoTime(factset.timestamp),
    // fromEntries makes own properties, so a fact named __proto__ stays a fact.
    facts: Object.fromEntries(factset.facts.data.map((fact) => [fact.name, fact.value])),
  }
}
