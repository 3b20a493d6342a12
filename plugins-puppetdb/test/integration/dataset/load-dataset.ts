// Loads the integration dataset into a PuppetDB through its command API:
// facts, a catalog and one or two reports per node, plus one deactivated node.
import { randomUUID } from 'node:crypto'
import { catalogOf } from './catalog.js'
import { deleteAllNodes, inParallel, submitCommand } from './commands.js'
import { datasetNodes, type DatasetNode } from './dataset-node.js'
import { factsOf } from './facts.js'
import { reportOf } from './report.js'

/** What was loaded, for tests to compute their expectations from. */
export interface Dataset {
  url: string
  nodes: DatasetNode[]
  /** A node that has facts but was deactivated: never in active-node answers. */
  deactivated: string
  /** Start time (ISO) of the latest run of each node, by certname. */
  latestRunStart: Record<string, string>
  loadedAt: string
}

/** The deactivated node's certname. */
export const deactivatedCertname = 'retired001.fra1.example.com'

/**
 * Deletes whatever PuppetDB holds, then loads `count` nodes. Latest runs
 * start a minute apart in node order (node 0 oldest), ten minutes ago and
 * earlier; a node's older run is two hours before its latest.
 */
export async function loadDataset(url: string, count = 60): Promise<Dataset> {
  await deleteAllNodes(url)
  const nodes = datasetNodes(count)
  const now = Date.now()
  const latestRunStart: Record<string, string> = {}
  await inParallel(nodes, 6, async (node) => {
    const latest = new Date(now - 10 * 60_000 - (count - node.index) * 60_000)
    latestRunStart[node.certname] = latest.toISOString()
    await loadNode(url, node, latest)
  })
  const retired = { ...datasetNodes(1)[0]!, certname: deactivatedCertname }
  await submitCommand(url, 'replace_facts', 5, deactivatedCertname, factsPayload(retired, new Date(now)))
  await submitCommand(url, 'deactivate_node', 3, deactivatedCertname, { certname: deactivatedCertname, producer_timestamp: new Date().toISOString() })
  return { url, nodes, deactivated: deactivatedCertname, latestRunStart, loadedAt: new Date(now).toISOString() }
}

async function loadNode(url: string, node: DatasetNode, latestStart: Date): Promise<void> {
  const transaction = randomUUID()
  await submitCommand(url, 'replace_facts', 5, node.certname, factsPayload(node, latestStart))
  await submitCommand(url, 'replace_catalog', 9, node.certname, catalogOf(node, latestStart.toISOString(), transaction))
  for (const [i, kind] of node.runs.entries()) {
    const start = new Date(latestStart.getTime() - (node.runs.length - 1 - i) * 2 * 3600_000)
    await submitCommand(url, 'store_report', 8, node.certname, reportOf(node, kind, start, i === node.runs.length - 1 ? transaction : randomUUID()))
  }
}

function factsPayload(node: DatasetNode, at: Date): Record<string, unknown> {
  return {
    certname: node.certname,
    environment: node.environment,
    producer_timestamp: at.toISOString(),
    producer: 'puppet.example.com',
    values: factsOf(node),
  }
}
