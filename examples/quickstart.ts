/**
 * Capstan quickstart: the built-in local plugin, no servers needed.
 *
 *   npm run demo
 *
 * Lists the inventory of examples/inventory.yaml (plus localhost), shows a
 * filter and a group, prints localhost's facts, runs a command on localhost
 * with its output streamed as it arrives, runs a sample task from
 * examples/tasks, shows localhost's journal (an entry per execution, and a
 * note), and what a caller's mistake looks like: a typed
 * CapstanError naming the bad field.
 */
import { fileURLToPath } from 'node:url'
import { createCapstan, isCapstanError, localPlugin } from 'capstan'

const inventoryFile = fileURLToPath(new URL('./inventory.yaml', import.meta.url))
const tasksDir = fileURLToPath(new URL('./tasks', import.meta.url))

await using capstan = await createCapstan({ plugins: [localPlugin({ inventoryFile, tasksDir })] })

const { nodes, sources } = await capstan.inventory.list()
console.log(`Inventory: ${nodes.length} nodes from ${sources.map((s) => `${s.plugin} (${s.count} in ${s.durationMs} ms)`).join(', ')}`)
for (const node of nodes) {
  const aliases = node.aliases.length > 0 ? ` aka ${node.aliases.join(', ')}` : ''
  console.log(`  ${node.id.padEnd(22)} ${(node.transport ?? '-').padEnd(6)} groups: ${node.groups.join(', ') || '-'}${aliases}`)
}

const { groups } = await capstan.inventory.groups()
console.log(`\nGroups: ${groups.map((g) => `${g.name} (${g.nodes.length})`).join(', ')}`)

const web = await capstan.inventory.filter({ groups: ['web'], names: ['web*'] })
console.log(`Filter { groups: [web], names: [web*] }: ${web.nodes.map((n) => n.id).join(', ')}`)

const facts = await capstan.facts.get('localhost')
const os = facts.facts.os as { name: string; family: string; release: { full: string } }
const memory = facts.facts.memory as { system: { total: string } }
const processors = facts.facts.processors as { count: number }
console.log(`\nFacts of localhost (from ${facts.source}, gathered ${facts.gatheredAt}):`)
console.log(`  os: ${os.name} ${os.release.full} (family ${os.family}), kernel ${String(facts.facts.kernelrelease)}`)
console.log(`  ${processors.count} processors, ${memory.system.total} memory, fqdn ${String(facts.facts.fqdn)}`)

console.log('\nA command on localhost, its output streamed as it arrives:')
const run = capstan.command.execute({ targets: 'localhost', command: 'for i in 1 2 3; do echo "step $i of 3 ($GREETING)"; sleep 0.2; done', env: { GREETING: 'hi' } })
for await (const event of run) {
  if (event.type === 'node:output') process.stdout.write(`  [${event.node}] ${event.chunk}`)
  if (event.type === 'node:finished') console.log(`  [${event.node}] ${event.result.status}, exit ${event.result.exitCode}, ${event.result.durationMs} ms`)
}

const task = await capstan.task.run({ targets: 'localhost', task: 'greet', params: { name: 'Capstan', greeting: 'hello' } })
console.log(`\nTask greet on localhost: ${task.status}, value ${JSON.stringify(task.nodes[0]?.value)}`)

// The journal: the host wrote an entry for each node of each execution above; people add notes.
await capstan.journal.add({ node: 'localhost', message: 'ran the quickstart' }, { principal: { id: 'demo', roles: [] } })
const journal = await capstan.journal.list({ node: 'localhost' })
console.log('\nJournal of localhost, newest first:')
for (const entry of journal.entries) console.log(`  ${entry.time}  ${entry.kind.padEnd(9)} ${entry.summary}${entry.actor === undefined ? '' : ` (by ${entry.actor})`}`)

try {
  // invokeUnchecked: input that arrives untyped (a request body, a CLI argument) is checked at run time.
  await capstan.invokeUnchecked('inventory.filter', { groups: 'web', facts: { 'os.family': { regex: 7 } } })
} catch (error) {
  if (!isCapstanError(error, 'VALIDATION_ERROR')) throw error
  console.log(`\nA caller's mistake is a typed error:\n  ${error.code}: ${error.message}`)
  for (const issue of error.details.issues) console.log(`  - ${issue.path}: ${issue.message}`)
}

const health = await capstan.health()
console.log(`\nHealth: ${health.status}; ${Object.entries(health.plugins).map(([name, h]) => `${name}: ${h.status} (${h.message})`).join(', ')}`)
