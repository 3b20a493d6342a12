/**
 * Creates a plugin package in the shape every Capstan plugin has:
 *
 *   npm run new-plugin -- <name>            # writes plugins-<name>/
 *   npm run new-plugin -- <name> --dir DIR  # writes DIR/plugins-<name>/ (tests use it)
 *
 * Refuses a name plugin.json would refuse, and a folder that already exists.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { renderPlugin } from './new-plugin/render-plugin.js'
import { CORE_VERSION } from '../src/plugin/core-version.js'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' } } })
const [name] = positionals
if (name === undefined || positionals.length !== 1) {
  console.error('usage: npm run new-plugin -- <name> [--dir DIR]   (name: lowercase letters, digits and dashes)')
  process.exit(2)
}
const root = values.dir === undefined ? fileURLToPath(new URL('..', import.meta.url)) : resolve(values.dir)
const target = join(root, `plugins-${name}`)
if (existsSync(target)) {
  console.error(`${target} exists already: pick another name, or remove it first`)
  process.exit(1)
}
let files
try {
  files = renderPlugin(name, CORE_VERSION)
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}
for (const file of files) {
  const path = join(target, file.path)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, file.text)
}
console.log(`wrote ${target} (${files.length} files). Next: npm install (links the workspace), then npx vitest run plugins-${name}`)
