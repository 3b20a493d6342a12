import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { OutputQueue } from './output-queue.js'
import type { ProcessOutputEvent } from './process-event.js'

/**
 * Decodes one of a child's output streams into `queue` as `output` events,
 * reading only while the queue has room and at most `maxRead` bytes at a time,
 * so the queue never holds more than the mark plus `maxRead`.
 *
 * It pulls ('readable' + read()) rather than pausing a flowing stream: Node's
 * ChildProcess resumes its stdio when the process exits, which would undo a
 * pause, whereas a stream that is read on demand stays under our control.
 * Each stream has its own StringDecoder, so a character split across reads is
 * held back until it is whole; its bytes are counted in the chunk that completes it.
 */
export function forwardOutput(
  stream: Readable,
  name: ProcessOutputEvent['stream'],
  encoding: BufferEncoding,
  queue: OutputQueue<ProcessOutputEvent>,
  maxRead: number,
): void {
  const decoder = new StringDecoder(encoding)
  let heldBytes = 0
  const emit = (chunk: string): void => {
    if (chunk === '') return
    queue.push({ type: 'output', stream: name, chunk, bytes: heldBytes })
    heldBytes = 0
  }
  const pull = (): void => {
    while (queue.hasRoom) {
      // read() with no size returns everything buffered; cap it so one read cannot overshoot the mark by much.
      const size = Math.min(stream.readableLength, maxRead)
      const buffer = stream.read(size > 0 ? size : undefined) as Buffer | null
      if (buffer === null) return
      heldBytes += buffer.length
      emit(decoder.write(buffer))
    }
  }
  stream.on('readable', pull)
  queue.onRoom(pull)
  // A truncated character at the very end becomes U+FFFD rather than vanishing.
  stream.once('end', () => emit(decoder.end()))
  // A read error ends the stream; the exit event still reports how the process ended,
  // and an unhandled 'error' would crash the host instead.
  stream.on('error', () => undefined)
}
