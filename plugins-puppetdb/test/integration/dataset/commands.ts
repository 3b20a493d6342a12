// PuppetDB's command API (POST /pdb/cmd/v1) and admin delete, as the test
// setup uses them to load data: plain fetch to 127.0.0.1, nothing of the plugin.

/** Submits one command and waits until PuppetDB has stored it. */
export async function submitCommand(url: string, command: string, version: number, certname: string, payload: unknown): Promise<void> {
  const params = new URLSearchParams({ command, version: String(version), certname, secondsToWaitForCompletion: '60' })
  const response = await fetch(`${url}/pdb/cmd/v1?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(payload),
  })
  const body = (await response.json().catch(() => ({}))) as { timed_out?: boolean }
  if (!response.ok || body.timed_out === true) {
    throw new Error(`PuppetDB ${command} v${version} for ${certname}: HTTP ${response.status} ${JSON.stringify(body)}`)
  }
}

/** Removes every node PuppetDB knows (active or not) with all its data: a clean slate. */
export async function deleteAllNodes(url: string): Promise<number> {
  const query = JSON.stringify(['or', ['=', ['node', 'active'], true], ['=', ['node', 'active'], false]])
  const response = await fetch(`${url}/pdb/query/v4/nodes?${new URLSearchParams({ query })}`)
  if (!response.ok) throw new Error(`PuppetDB nodes query: HTTP ${response.status} ${await response.text()}`)
  const nodes = (await response.json()) as Array<{ certname: string }>
  await inParallel(nodes, 8, async ({ certname }) => {
    const deleted = await fetch(`${url}/pdb/admin/v1/cmd`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'delete', version: 1, payload: { certname } }),
    })
    if (!deleted.ok) throw new Error(`PuppetDB delete ${certname}: HTTP ${deleted.status} ${await deleted.text()}`)
  })
  return nodes.length
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
