import { LineCounter, parseDocument } from 'yaml'
import { locateYamlPath } from '../../local/locate-yaml-path.js'
import { configFileError } from './config-file-error.js'
import type { LocateLine } from './validate-cli-config.js'

/** A parsed YAML configuration file, with a way to point at the line of a field. */
export interface ParsedYamlConfig {
  /** The file's content as plain data. */
  value: unknown
  /** The line of the value at a field path (or of its nearest parent that exists). */
  locateLine: LocateLine
}

/**
 * Parses the text of a YAML configuration file. Kept apart from the other
 * formats so the yaml package is only loaded when a YAML file is read.
 *
 * @throws CapstanError CONFIG_ERROR with the file and line of a syntax error.
 */
export function parseYamlConfig(text: string, file: string): ParsedYamlConfig {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const [syntax] = doc.errors
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line
    throw configFileError(file, [{ path: '(root)', message: `not valid YAML: ${syntax.message}`, line }], syntax)
  }
  return { value: doc.toJS(), locateLine: (path) => locateYamlPath(doc, lineCounter, path)?.line }
}
