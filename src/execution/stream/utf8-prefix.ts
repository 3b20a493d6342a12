/** The longest prefix of a string that fits a UTF-8 byte budget. */
export interface Utf8Prefix {
  /** Length of the prefix in UTF-16 code units (`text.slice(0, length)`). */
  length: number
  /** Its size in UTF-8 bytes, as `Buffer.byteLength` counts them. */
  bytes: number
}

/**
 * The longest prefix of `text` whose UTF-8 encoding is at most `maxBytes`,
 * never splitting a character (a surrogate pair stays whole). Sizes match
 * `Buffer.byteLength`, which counts a lone surrogate as the 3-byte U+FFFD it
 * is encoded as. Walks the string rather than slicing an encoded buffer so
 * the prefix is the caller's exact text, lone surrogates included.
 */
export function utf8Prefix(text: string, maxBytes: number): Utf8Prefix {
  let length = 0
  let bytes = 0
  while (length < text.length) {
    const unit = text.charCodeAt(length)
    let size = 3
    let units = 1
    if (unit < 0x80) size = 1
    else if (unit < 0x800) size = 2
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(length + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        size = 4
        units = 2
      }
    }
    if (bytes + size > maxBytes) break
    bytes += size
    length += units
  }
  return { length, bytes }
}
