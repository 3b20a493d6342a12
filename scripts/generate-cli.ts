/**
 * Writes what the CLI generates from the capability descriptors:
 * src/cli/generated/cli-commands.ts (the command model `capstan --help` reads
 * without loading zod or the descriptors) and docs/cli.md.
 *
 *   npx tsx scripts/generate-cli.ts          # write both
 *   npx tsx scripts/generate-cli.ts --check  # exit 1 when either is stale
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { generatedCliFiles } from '../src/cli/generated/generated-cli-files.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const check = process.argv.includes('--check')
let stale = false
for (const { path, text } of generatedCliFiles()) {
  const target = `${root}${path}`
  if (check) {
    if ((await readFile(target, 'utf8').catch(() => '')) !== text) {
      console.error(`${path} is stale: run \`npx tsx scripts/generate-cli.ts\``)
      stale = true
    }
  } else {
    await writeFile(target, text)
    console.log(`wrote ${path}`)
  }
}
if (stale) process.exit(1)
