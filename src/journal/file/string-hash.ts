/**
 * A 32-bit hash of a string's UTF-16 code units (FNV-1a style with the given
 * multiplier and seed, then murmur3's finalizer so every bit depends on every
 * input bit). Two calls with different multipliers and seeds make a 64-bit
 * hash: what the file store's index keeps instead of the string itself.
 */
export function hash32(text: string, seed = 0x811c9dc5, multiplier = 0x01000193): number {
  let h = seed | 0
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, multiplier)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The second half of a 64-bit hash: another seed and multiplier than {@link hash32}'s defaults. */
export function hash32b(text: string): number {
  return hash32(text, 0x9747b28c, 0x5bd1e995)
}

/** A 32-bit hash of an optional string that is never 0, so 0 can mean "none". */
export function optionalHash(text: string | undefined): number {
  if (text === undefined) return 0
  return hash32(text) || 1
}
