import type { NodeResult } from '../../capabilities/models/execution.js'
import { renderTable } from './render-table.js'
import type { Style } from './style.js'

function nodeCount(count: number): string {
  return `${count} ${count === 1 ? 'node' : 'nodes'}`
}

/** Why a node did not succeed, in one line: its error, else the signal that stopped it. */
function failureMessage(result: NodeResult): string {
  if (result.error) return `${result.error.code}: ${result.error.message}`
  if (result.signal) return `killed by ${result.signal}`
  return ''
}

/**
 * The end of an execution's human output: a table of the nodes that did not
 * succeed (status, exit code, error) and a total line such as
 * `100 nodes: 98 succeeded, 2 failed`. Any status but `success` counts as
 * failed, except `skipped` (a rolling execution's unstarted waves), counted
 * apart: `10 nodes: 4 succeeded, 2 failed, 4 skipped`. `total`, when larger than the results, adds the nodes that never
 * finished (`, 3 did not finish`).
 */
export function renderExecutionSummary(results: readonly NodeResult[], style: Style, total = results.length): string {
  const failed = results.filter((result) => result.status !== 'success')
  const succeeded = results.length - failed.length
  let text = ''
  if (failed.length > 0) {
    text += `${style.bold(`Failed on ${nodeCount(failed.length)}:`)}\n`
    text += renderTable(
      failed.map((result) => ({ ...result })),
      [
        { key: 'node', header: 'NODE' },
        { key: 'status', header: 'STATUS', format: (status) => style.red(String(status)) },
        { key: 'exitCode', header: 'EXIT', format: (code, row) => (code === null || code === undefined ? (row.signal ?? '') : String(code)) },
        { key: 'error', header: 'ERROR', format: (_error, row) => failureMessage(row) },
      ],
      style,
    )
    text += '\n'
  }
  // A rolling execution's skipped nodes did not fail: they are counted apart (and still listed above).
  const skipped = failed.filter((result) => result.status === 'skipped').length
  const failing = failed.length - skipped
  const counts = [style.green(`${succeeded} succeeded`), failing > 0 ? style.red(`${failing} failed`) : `${failing} failed`]
  if (skipped > 0) counts.push(style.yellow(`${skipped} skipped`))
  const unfinished = total - results.length
  if (unfinished > 0) counts.push(style.yellow(`${unfinished} did not finish`))
  text += `${style.bold(nodeCount(Math.max(total, results.length)))}: ${counts.join(', ')}\n`
  return text
}
