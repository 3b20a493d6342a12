import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CliConfig } from './cli-config.js'
import { configFileError } from './config-file-error.js'
import type { LocateLine } from './validate-cli-config.js'
import { thrownMessage } from '../../errors/thrown-message.js'

/**
 * Reads and validates a configuration file by its extension:
 * `.mjs` / `.js` are imported and their default export used (an object, or a
 * function returning one or a promise of one); `.json` is JSON; `.yaml` /
 * `.yml` is YAML.
 *
 * Module specifiers in `plugins` are returned as written; those starting with
 * `.` are relative to the file's directory, which `pluginManifests` and
 * `createCapstanFromConfig` take as `configDir`.
 *
 * The schema and the yaml parser are imported only here, on demand, so a
 * command line with no configuration file never loads them.
 *
 * @example
 * ```ts
 * const config = await readConfig('/srv/ops/capstan.config.yaml')
 * ```
 * @throws CapstanError CONFIG_ERROR naming the file, and the field path of every
 * bad field (with its line for YAML), in the message and in `details.field` / `details.issues`.
 */
export async function readConfig(path: string): Promise<CliConfig> {
  const extension = extname(path).toLowerCase()
  let raw: unknown
  let locateLine: LocateLine | undefined
  if (extension === '.mjs' || extension === '.js') {
    raw = await importConfigModule(path)
  } else if (extension === '.json' || extension === '.yaml' || extension === '.yml') {
    const text = await readText(path)
    if (extension === '.json') {
      raw = parseJson(text, path)
    } else {
      const { parseYamlConfig } = await import('./parse-yaml-config.js')
      ;({ value: raw, locateLine } = parseYamlConfig(text, path))
    }
  } else {
    throw configFileError(path, [{ path: '(root)', message: `unsupported extension "${extension}": use .mjs, .js, .json, .yaml or .yml` }])
  }
  // An empty YAML file is an empty configuration, not an error.
  const { validateCliConfig } = await import('./validate-cli-config.js')
  return validateCliConfig(raw ?? {}, path, locateLine)
}

async function importConfigModule(path: string): Promise<unknown> {
  let namespace: Record<string, unknown>
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    throw configFileError(path, [{ path: '(root)', message: `importing the file failed: ${thrownMessage(error)}` }], error)
  }
  if (!('default' in namespace)) {
    throw configFileError(path, [{ path: '(root)', message: 'has no default export: write `export default { plugins: [...] }`' }])
  }
  const exported = namespace['default']
  if (typeof exported !== 'function') return exported
  try {
    return (await (exported as () => unknown)()) as unknown
  } catch (error) {
    throw configFileError(path, [{ path: '(root)', message: `the default export function threw: ${thrownMessage(error)}` }], error)
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw configFileError(path, [{ path: '(root)', message: `cannot read: ${thrownMessage(error)}` }], error)
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw configFileError(path, [{ path: '(root)', message: `not valid JSON: ${thrownMessage(error)}` }], error)
  }
}

