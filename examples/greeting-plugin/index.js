// An example third-party plugin: it contributes the capability type
// `greeting` (its contract: two descriptors) and implements it. Plain ESM so
// it installs from its packed tarball as it is; index.d.ts gives the types.
import { createRequire } from 'node:module'
import { BasePlugin, defineCapability, defineCapabilityType, pluginMetadata } from 'capstan'
import { z } from 'zod'

const require = createRequire(import.meta.url)
const manifest = require('./plugin.json')
const pkg = require('./package.json')

/** The `greeting` capability type: what any plugin implementing it must do. */
export const greetingType = defineCapabilityType({
  name: 'greeting',
  description: 'Greetings for people, by name',
  capabilities: {
    hello: defineCapability({
      id: 'greeting.hello',
      type: 'greeting',
      description: 'Greet someone by name',
      kind: 'query',
      routing: { mode: 'prioritised' },
      input: z.object({ name: z.string().min(1).max(100).describe('Who to greet'), shout: z.boolean().default(false).describe('In capitals') }).strict(),
      output: z.object({ message: z.string() }),
    }),
    stream: defineCapability({
      id: 'greeting.stream',
      type: 'greeting',
      description: 'Greet several people, one greeting at a time',
      kind: 'stream',
      routing: { mode: 'prioritised' },
      input: z.object({ names: z.array(z.string().min(1).max(100)).min(1).max(100).describe('Who to greet') }).strict(),
      output: z.object({ message: z.string() }),
    }),
  },
})

/** Greets; the greeting word is its only option. */
export class GreetingPlugin extends BasePlugin {
  metadata = pluginMetadata(manifest, pkg)
  contributes = [greetingType]
  #word

  constructor(options = {}) {
    super()
    const word = options.word ?? 'Hello'
    if (typeof word !== 'string' || word.length === 0) throw new TypeError('options.word must be a non-empty string')
    this.#word = word
  }

  async performInitialization() {}

  capabilities() {
    return {
      'greeting.hello': async ({ name, shout }) => {
        const message = `${this.#word}, ${name}`
        return { message: shout ? message.toUpperCase() : message }
      },
      'greeting.stream': ({ names }, ctx) => greetEach(this.#word, names, ctx.signal),
    }
  }
}

async function* greetEach(word, names, signal) {
  for (const name of names) {
    if (signal.aborted) return
    yield { message: `${word}, ${name}` }
  }
}

/** The factory plugin.json names. */
export function greetingPlugin(options) {
  return new GreetingPlugin(options)
}
