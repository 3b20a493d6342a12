import { isNode, type Document, type LineCounter } from 'yaml'

/** A 1-based position in a text file. */
export interface TextPosition {
  line: number
  column: number
}

/**
 * Where the value at `path` starts in the YAML source, or where its nearest
 * existing parent starts when the value itself is missing (a required key not
 * written). Lets a schema error point at a line, not only at a field path.
 */
export function locateYamlPath(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>): TextPosition | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).filter((key): key is string | number => typeof key !== 'symbol')
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true)
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0])
      return { line, column: col }
    }
  }
  return undefined
}
