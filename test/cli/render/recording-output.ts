import { EventEmitter } from 'node:events'
import type { TextOutput } from '../../../src/cli/render/index.js'

/** A TextOutput that keeps every write, optionally asking the writer to wait (write returns false) until `drain()`. */
export class RecordingOutput extends EventEmitter implements TextOutput {
  readonly chunks: string[] = []
  isTTY?: boolean
  #full = false

  constructor(options: { isTTY?: boolean; backpressure?: boolean } = {}) {
    super()
    if (options.isTTY !== undefined) this.isTTY = options.isTTY
    this.#full = options.backpressure ?? false
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk)
    return !this.#full
  }

  /** Emits `drain` (the writer may go on). */
  drain(): void {
    this.emit('drain')
  }

  get text(): string {
    return this.chunks.join('')
  }

  get lines(): string[] {
    return this.text.split('\n').slice(0, -1)
  }
}
