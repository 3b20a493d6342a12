import { readFile } from 'node:fs/promises'
import { pluginConfigError } from './plugin-config-error.js'
import { thrownMessage } from '../errors/thrown-message.js'

/**
 * Reads and parses a JSON file, turning a missing file or bad JSON into a
 * CONFIG_ERROR naming the file (and, for a missing file, the field that
 * pointed to it, since that field is what the user has to fix).
 *
 * @param file - absolute path of the JSON file
 * @param pointer - where the path came from, e.g. `{ file: 'pkg/package.json', field: 'capstan.plugin' }`
 */
export async function readJsonFile(file: string, pointer?: { file: string; field: string }): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const reason = thrownMessage(error)
    if (pointer !== undefined) {
      throw pluginConfigError({ ...pointer, message: `cannot read ${file}: ${reason}`, details: { target: file }, cause: error })
    }
    throw pluginConfigError({ file, field: '(root)', message: `cannot read: ${reason}`, cause: error })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const reason = thrownMessage(error)
    throw pluginConfigError({ file, field: '(root)', message: `not valid JSON: ${reason}`, cause: error })
  }
}
