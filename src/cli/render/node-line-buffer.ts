/** Which output stream of a node a line came from. */
export type OutputStreamName = 'stdout' | 'stderr'

/** One line of a node's output, without its line break. */
export interface NodeLine {
  node: string
  stream: OutputStreamName
  text: string
}

/** Above this many characters a partial line is printed anyway, so one endless line cannot grow memory without bound. */
export const MAX_PARTIAL_LINE = 64 * 1024

/**
 * Cuts nodes' output chunks into whole lines, per node and stream: a chunk
 * may end in the middle of a line, and the rest of that line arrives with a
 * later chunk. `\r\n` counts as one line break.
 */
export class NodeLineBuffer {
  readonly #partial = new Map<string, NodeLine>()
  readonly #maxPartial: number

  /** @param maxPartial characters a partial line may reach before it is emitted as a line (default {@link MAX_PARTIAL_LINE}). */
  constructor(maxPartial = MAX_PARTIAL_LINE) {
    this.#maxPartial = maxPartial
  }

  /** Adds a chunk and returns the lines it completed, in order. */
  push(node: string, stream: OutputStreamName, chunk: string): NodeLine[] {
    const key = `${stream}\u0000${node}`
    const pieces = ((this.#partial.get(key)?.text ?? '') + chunk).split('\n')
    const rest = pieces.pop() ?? ''
    const lines = pieces.map((text) => ({ node, stream, text: text.endsWith('\r') ? text.slice(0, -1) : text }))
    if (rest.length >= this.#maxPartial) {
      lines.push({ node, stream, text: rest })
      this.#partial.delete(key)
    } else if (rest === '') {
      this.#partial.delete(key)
    } else {
      this.#partial.set(key, { node, stream, text: rest })
    }
    return lines
  }

  /** Returns and forgets the unfinished line of one node's stream, if any. */
  take(node: string, stream: OutputStreamName): NodeLine[] {
    const key = `${stream}\u0000${node}`
    const line = this.#partial.get(key)
    this.#partial.delete(key)
    return line ? [line] : []
  }

  /** Returns and forgets a node's unfinished lines: stdout first, then stderr. */
  flush(node: string): NodeLine[] {
    return [...this.take(node, 'stdout'), ...this.take(node, 'stderr')]
  }

  /** Returns and forgets every unfinished line, in the order the nodes first left one. */
  flushAll(): NodeLine[] {
    const lines = [...this.#partial.values()]
    this.#partial.clear()
    return lines
  }
}
