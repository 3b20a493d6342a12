import { createCapstan } from '../src/index.js'
import { createSilentLogger } from '../src/logging/silent-logger.js'
import { testPlugin } from '../src/testing/test-plugin.js'
const ids = Array.from({ length: 10000 }, (_, i) => `n${String(i).padStart(5, '0')}`)
const capstan = await createCapstan({ logger: createSilentLogger(), plugins: [
  testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: ids.map((id) => ({ id })) }) } }),
  testPlugin({ name: 'noop', integrationTypes: ['remote-execution'], capabilities: { 'command.execute': async function* (b) { for (const n of b.nodes) yield { type: 'node:finished', node: n.id, status: 'success', exitCode: 0 } } } }),
] })
const mode = process.argv[2] ?? 'one'
for (let i = 0; i < 4; i++) {
  const t = performance.now()
  if (mode === 'one') await capstan.command.run({ targets: 'all', command: 'true' })
  else await Promise.all(Array.from({ length: 100 }, (_, e) => capstan.command.run({ targets: ids.slice(e * 100, e * 100 + 100), command: 'true' })))
  console.log(mode, i, (performance.now() - t).toFixed(1))
}
await capstan.close()
