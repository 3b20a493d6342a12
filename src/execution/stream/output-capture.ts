import { utf8Prefix } from './utf8-prefix.js'

/** A piece of a pushed chunk: the part that is stored, or the part past the cap. */
export interface OutputPart {
  /** The text of this piece. */
  text: string
  /** Its UTF-8 size. */
  bytes: number
  /** Bytes of the node+stream pushed up to and including this piece. */
  endOffset: number
  /** True when the piece is within the cap and kept for replay and the NodeResult. */
  stored: boolean
}

/**
 * The output of one node+stream: keeps chunks until the byte cap, then only
 * counts. A chunk that crosses the cap is split on a character boundary so
 * the stored text is exactly what fits.
 */
export class OutputCapture {
  readonly #maxBytes: number
  readonly #chunks: string[] = []
  #storedBytes = 0
  #pushedBytes = 0
  #truncated = false

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** True once output went past the cap. */
  get truncated(): boolean {
    return this.#truncated
  }

  /** The stored text. */
  get text(): string {
    return this.#chunks.join('')
  }

  /** Size of the stored text in UTF-8 bytes. */
  get storedBytes(): number {
    return this.#storedBytes
  }

  /** Size of everything pushed, stored or not, in UTF-8 bytes. */
  get pushedBytes(): number {
    return this.#pushedBytes
  }

  /**
   * Accounts for a chunk and says which of it is stored: no part for an
   * empty chunk, one part, or a stored part and an unstored rest when the
   * chunk crosses the cap.
   */
  take(chunk: string): OutputPart[] {
    const bytes = Buffer.byteLength(chunk)
    if (bytes === 0) return []
    const start = this.#pushedBytes
    this.#pushedBytes += bytes
    // Once truncated, stay truncated: storing a later small chunk would leave a hole in the stored text.
    const room = this.#truncated ? 0 : this.#maxBytes - this.#storedBytes
    if (bytes <= room) {
      this.#store(chunk, bytes)
      return [{ text: chunk, bytes, endOffset: this.#pushedBytes, stored: true }]
    }
    this.#truncated = true
    const head = utf8Prefix(chunk, room)
    const parts: OutputPart[] = []
    if (head.bytes > 0) {
      // A slice would pin the whole (possibly huge) chunk in memory for as long as the
      // stored head lives; a UTF-16 round trip copies it and keeps lone surrogates as they are.
      const text = Buffer.from(chunk.slice(0, head.length), 'utf16le').toString('utf16le')
      this.#store(text, head.bytes)
      parts.push({ text, bytes: head.bytes, endOffset: start + head.bytes, stored: true })
    }
    parts.push({ text: chunk.slice(head.length), bytes: bytes - head.bytes, endOffset: this.#pushedBytes, stored: false })
    return parts
  }

  #store(text: string, bytes: number): void {
    this.#chunks.push(text)
    this.#storedBytes += bytes
  }
}
