import type { FileHandle } from 'node:fs/promises'

/** A line to read: where it is, and the key it is returned under. */
export interface LineToRead {
  key: number
  handle: FileHandle
  offset: number
  length: number
}

/** Lines closer than this (bytes between them) are read with one read. */
const MAX_GAP = 16 * 1024
/** One read spans at most this many bytes. */
const MAX_SPAN = 1024 * 1024

/**
 * Reads lines, one read for each run of lines close together in one file
 * (a page of entries appended one after the other is one read, not a
 * thousand), the runs in parallel. Every read is started before this
 * returns its promise.
 *
 * @returns each line's text by key.
 */
export async function readLines(lines: readonly LineToRead[]): Promise<Map<number, string>> {
  const sorted = [...lines].sort((a, b) => (a.handle === b.handle ? a.offset - b.offset : handleOrder(a.handle) - handleOrder(b.handle)))
  const runs: LineToRead[][] = []
  let run: LineToRead[] = []
  for (const line of sorted) {
    const first = run[0]
    const last = run[run.length - 1]
    if (first !== undefined && last !== undefined && (line.handle !== first.handle || line.offset - (last.offset + last.length) > MAX_GAP || line.offset + line.length - first.offset > MAX_SPAN)) {
      runs.push(run)
      run = []
    }
    run.push(line)
  }
  if (run.length > 0) runs.push(run)
  const texts = new Map<number, string>()
  await Promise.all(
    runs.map(async (group) => {
      const first = group[0] as LineToRead
      const last = group[group.length - 1] as LineToRead
      const span = last.offset + last.length - first.offset
      const buffer = Buffer.allocUnsafe(span)
      const { bytesRead } = await first.handle.read(buffer, 0, span, first.offset)
      for (const line of group) {
        const start = line.offset - first.offset
        texts.set(line.key, buffer.toString('utf8', start, Math.min(start + line.length, bytesRead)))
      }
    }),
  )
  return texts
}

/** A stable number per file handle, to sort lines by file. */
const order = new WeakMap<FileHandle, number>()
let nextOrder = 0
function handleOrder(handle: FileHandle): number {
  let n = order.get(handle)
  if (n === undefined) {
    n = (nextOrder += 1)
    order.set(handle, n)
  }
  return n
}
