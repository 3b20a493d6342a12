// Run as a process by filterInChild (filter-in-child.ts), for filters that
// could hang the event loop: a parent can kill a process stuck in a
// backtracking regex, while a test in the same thread could only wait.
// argv[2] is JSON `{ mode, nodes, filter }`: mode `host` filters through a
// test host whose one plugin lists `nodes` (`inventory.filter`), mode
// `matcher` tests the linked nodes with `nodeMatcher` from plugin-kit. Prints
// `{ ids }` or `{ code, message }` as JSON on its last line.
import type { NodeFilter, SourceNode } from 'capstan'
import { linkNodes, nodeMatcher } from 'capstan/plugin-kit'
import { createTestCapstan } from 'capstan/testing'
import { fakePlugin } from './fake-plugin.js'

const { mode, nodes, filter } = JSON.parse(process.argv[2] ?? '{}') as { mode: 'host' | 'matcher'; nodes: SourceNode[]; filter: NodeFilter }

async function filtered(): Promise<string[]> {
  if (mode === 'matcher') return linkNodes(nodes.map((node) => ({ source: 'inventory', node }))).filter(nodeMatcher(filter)).map((node) => node.id)
  const capstan = await createTestCapstan({ plugins: [fakePlugin('inventory', { nodes }).plugin] })
  try {
    return (await capstan.inventory.filter(filter)).nodes.map((node) => node.id)
  } finally {
    await capstan.close()
  }
}

try {
  console.log(JSON.stringify({ ids: await filtered() }))
} catch (error) {
  const { code, message } = error as { code?: string; message?: string }
  console.log(JSON.stringify({ code, message }))
}
