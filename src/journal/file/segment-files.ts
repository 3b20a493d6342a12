import type { FileHandle } from 'node:fs/promises'
import { readdir } from 'node:fs/promises'
import type { JournalEntry } from '../journal-entry.js'

/** One segment file of the file store: lines `{"seq":N,"entry":{...}}`, sequence numbers from `firstSeq` on. */
export interface Segment {
  firstSeq: number
  path: string
  /** Open for reading (and, for the newest segment, appending). */
  handle: FileHandle
  /** Bytes of whole lines. */
  size: number
  /** Entries in it. */
  count: number
  /** The newest `time` of its entries (ms), for retention by age; -Infinity when it has none. */
  newestTime: number
}

const NAME = /^journal-(\d{12})\.jsonl$/

/** `journal-000000000001.jsonl`: the segment whose first entry has sequence number 1. */
export function segmentName(firstSeq: number): string {
  return `journal-${String(firstSeq).padStart(12, '0')}.jsonl`
}

/** The first sequence numbers of the segments in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir)
  return names
    .map((name) => NAME.exec(name)?.[1])
    .filter((digits) => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

/** A stored line, parsed: undefined when it is not one (a torn or damaged line). */
export function parseLine(text: string): { seq: number; entry: JournalEntry } | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { seq, entry } = value as { seq?: unknown; entry?: unknown }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || typeof entry !== 'object' || entry === null) return undefined
  const { id, node, time, kind } = entry as Record<string, unknown>
  if (typeof id !== 'string' || typeof node !== 'string' || typeof time !== 'string' || typeof kind !== 'string') return undefined
  return { seq, entry: entry as JournalEntry }
}

const CHUNK = 4 * 1024 * 1024

/**
 * Reads a segment's lines in order, calling `visit` with each line's text,
 * byte offset and byte length (newline excluded) until it returns false.
 *
 * @returns the byte offset after the last line visited and accepted: where
 * a torn or refused line starts, or the end of the file.
 */
export async function scanLines(handle: FileHandle, visit: (text: string, offset: number, length: number) => boolean): Promise<number> {
  let carry = Buffer.alloc(0)
  /** File offset of `carry[0]`. */
  let carryAt = 0
  let position = 0
  const chunk = Buffer.allocUnsafe(CHUNK)
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, CHUNK, position)
    if (bytesRead === 0) return carryAt
    position += bytesRead
    const data = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)])
    let start = 0
    for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
      if (!visit(data.toString('utf8', start, newline), carryAt + start, newline - start)) return carryAt + start
      start = newline + 1
    }
    // Copy: `chunk` is reused by the next read.
    carry = Buffer.from(data.subarray(start))
    carryAt += start
  }
}
