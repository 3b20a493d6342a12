/** A line of target output that Bolt's `--stream` mixed into its stdout. */
export interface StreamLine {
  kind: 'stream'
  /** Bolt's name for the target, as it printed it between the brackets. */
  target: string
  stream: 'stdout' | 'stderr'
  /** The line without its newline (Bolt strips it); may be empty. */
  line: string
}

/** Any other text of Bolt's stdout: a piece of the JSON document. */
export interface DocumentText {
  kind: 'document'
  /** The line with its newline, so joining every `text` gives the document back. */
  text: string
}

/** What {@link StreamLineParser} makes of Bolt's stdout, line by line. */
export type StreamLineItem = StreamLine | DocumentText

// Select Graphic Rendition (colour) sequences, which Bolt may put around the prefix.
const SGR = String.raw`\u001b\[[0-9;]*m`
const LEADING_SGR = new RegExp(`^(?:${SGR})+`)
const TRAILING_RESET = /\u001b\[0?m$/
// The target is matched lazily up to the first "] out:" / "] err:", so a name holding
// brackets, dots, colons, '@' or '/' (ssh://root@[::1]:2222) stays whole. The `s` flag
// lets the content keep a carriage return from a Windows target.
const STREAM_PREFIX = /^\[(.+?)\] (out|err):(.*)$/s

/**
 * Splits Bolt's `--stream` stdout into the lines of target output it
 * interleaves (`[target] out: text`, `[target] err: text`) and the rest, which
 * is the JSON document once those lines are removed. Bolt prints both line by
 * line and the document's lines never start with `[`, so a line is classified
 * on its own; chunks may end anywhere, so an unfinished line waits for the
 * next chunk (or {@link end}).
 *
 * Bolt prefixes each line of a target's output as it arrives and ends it with a
 * newline: a line the target printed without a newline (or that reached Bolt in
 * two pieces) is reported as whole lines all the same.
 *
 * @example
 * ```ts
 * const parser = new StreamLineParser()
 * for (const item of parser.push(chunk)) if (item.kind === 'stream') console.log(item.target, item.line)
 * ```
 */
export class StreamLineParser {
  // Pieces of the line being received, joined only once its newline arrives, so a
  // long line delivered in many chunks is not copied again for every chunk.
  #pending: string[] = []

  /** Takes the next chunk of stdout and returns the lines it completes, in order. */
  push(chunk: string): StreamLineItem[] {
    const items: StreamLineItem[] = []
    let start = 0
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      const line = this.#pending.join('') + chunk.slice(start, newline)
      this.#pending = []
      items.push(classifyLine(line, '\n'))
      start = newline + 1
    }
    if (start < chunk.length) this.#pending.push(chunk.slice(start))
    return items
  }

  /** Ends the input: a last line without a newline is returned as it is. */
  end(): StreamLineItem[] {
    const line = this.#pending.join('')
    this.#pending = []
    return line === '' ? [] : [classifyLine(line, '')]
  }
}

/** A stream line when `line` has Bolt's `[target] out|err:` prefix, else document text. */
function classifyLine(line: string, newline: string): StreamLineItem {
  // Bolt colours the prefix only when writing to a terminal; the codes are removed
  // only where Bolt put them (before and right after the prefix, and the reset at
  // the end of a line it coloured), never from the middle of the target's own text.
  const lead = LEADING_SGR.exec(line)?.[0] ?? ''
  const match = STREAM_PREFIX.exec(line.slice(lead.length))
  if (match === null) return { kind: 'document', text: line + newline }
  const [, target = '', stream, rest = ''] = match
  let content = lead === '' ? rest : rest.replace(LEADING_SGR, '')
  if (content.startsWith(' ')) content = content.slice(1)
  if (lead !== '') content = content.replace(LEADING_SGR, '').replace(TRAILING_RESET, '')
  return { kind: 'stream', target, stream: stream === 'err' ? 'stderr' : 'stdout', line: content }
}
