import { sudoOkMarker, sudoPromptMarker } from './sudo.js'

/** How the dialogue talks back to sudo: the channel's standard input. */
export interface SudoInput {
  write(text: string): void
  end(): void
}

/** Why sudo did not run the command, in words safe to show (never the password). */
export type SudoRefusal = 'no-password' | 'rejected' | 'refused'

/**
 * The conversation with `sudo -S` on one channel's stderr, run by
 * {@link sudoCommandLine}'s markers: the password is written when (and only
 * when) the first prompt marker appears; a second prompt, or a prompt with no
 * password to give, closes standard input so sudo gives up. Once the
 * `sudo-ok` marker arrives, the command is running and `onRunning` is called
 * (to write the caller's stdin).
 *
 * Everything sudo prints before that marker is held back, and handed out
 * (markers removed, any occurrence of the password masked) when the marker
 * arrives or the channel closes.
 */
export class SudoDialogue {
  readonly #prompt: Buffer
  readonly #ok: Buffer
  readonly #promptPattern: RegExp
  readonly #password: string | undefined
  readonly #input: SudoInput
  readonly #onRunning: () => void
  #buffer = Buffer.alloc(0)
  #scanned = 0
  #prompts = 0
  #running = false
  #inputClosed = false
  #said = ''

  constructor(nonce: string, password: string | undefined, input: SudoInput, onRunning: () => void) {
    this.#prompt = Buffer.from(sudoPromptMarker(nonce))
    this.#ok = Buffer.from(sudoOkMarker(nonce))
    this.#promptPattern = new RegExp(`${sudoPromptMarker(nonce)}\\n?`, 'g')
    this.#password = password
    this.#input = input
    this.#onRunning = onRunning
  }

  /** True once the command runs under sudo. */
  get running(): boolean {
    return this.#running
  }

  /**
   * Takes stderr bytes. Before the command runs, returns what sudo printed
   * once the `sudo-ok` marker arrives (and the command's first stderr bytes
   * after it); afterwards, returns `data` as is.
   */
  push(data: Buffer): Buffer[] {
    if (this.#running) return [data]
    this.#buffer = Buffer.concat([this.#buffer, data])
    for (;;) {
      const at = this.#buffer.indexOf(this.#prompt, this.#scanned)
      if (at === -1) break
      this.#scanned = at + this.#prompt.length
      this.#onPrompt()
    }
    const ok = this.#buffer.indexOf(this.#ok)
    if (ok === -1) return []
    this.#running = true
    this.#inputClosed = true // The caller's stdin is onRunning's to write and close.
    const before = this.#clean(this.#buffer.subarray(0, ok))
    const after = this.#buffer.subarray(ok + this.#ok.length)
    this.#buffer = Buffer.alloc(0)
    this.#onRunning()
    return [before, after].filter((part) => part.length > 0)
  }

  /** At channel close: what sudo printed and was still held back. */
  flush(): Buffer {
    const rest = this.#running ? Buffer.alloc(0) : this.#clean(this.#buffer)
    this.#buffer = Buffer.alloc(0)
    return rest
  }

  /** What sudo itself printed before the command ran (markers removed, password masked). */
  get said(): string {
    return this.#said
  }

  /** Why the command did not run, once the channel has closed without the `sudo-ok` marker. */
  refusal(): SudoRefusal | undefined {
    if (this.#running) return undefined
    if (this.#prompts === 0) return 'refused'
    return this.#password === undefined ? 'no-password' : 'rejected'
  }

  /** Stops the conversation: closes standard input if it is still open. */
  abandon(): void {
    this.#closeInput()
  }

  #onPrompt(): void {
    this.#prompts += 1
    if (this.#prompts === 1 && this.#password !== undefined && !this.#inputClosed) this.#input.write(`${this.#password}\n`)
    else this.#closeInput()
  }

  #closeInput(): void {
    if (this.#inputClosed) return
    this.#inputClosed = true
    this.#input.end()
  }

  #clean(bytes: Buffer): Buffer {
    let text = bytes.toString('utf8').replace(this.#promptPattern, '')
    if (this.#password !== undefined && this.#password !== '') text = text.replaceAll(this.#password, '********')
    this.#said += text
    return Buffer.from(text, 'utf8')
  }
}

/** The node's error message for a {@link SudoRefusal}. */
export function sudoRefusalMessage(refusal: SudoRefusal, node: string, said = ''): string {
  switch (refusal) {
    case 'no-password':
      return `On ${node}: sudo asked for a password; set sudo.password`
    case 'rejected':
      return `On ${node}: sudo rejected the password`
    case 'refused': {
      const first = said.trim().split('\n')[0]
      return `On ${node}: sudo did not run the command${first === undefined || first === '' ? '' : ` (${first})`}`
    }
  }
}
