import { BasePlugin, type CapabilityDescriptor, type CapabilityHandlers, type CapabilityTypeDefinition, type PluginMetadata } from 'capstan'
import type { z } from 'zod'

/** Input of `greeting.hello`. */
declare const helloInput: z.ZodObject<{ name: z.ZodString; shout: z.ZodDefault<z.ZodBoolean> }, z.core.$strict>
/** Input of `greeting.stream`. */
declare const streamInput: z.ZodObject<{ names: z.ZodArray<z.ZodString> }, z.core.$strict>
/** What every greeting is. */
declare const greetingOutput: z.ZodObject<{ message: z.ZodString }>

/** The `greeting` capability type: what any plugin implementing it must do. */
export declare const greetingType: CapabilityTypeDefinition<
  'greeting',
  {
    readonly hello: CapabilityDescriptor<'greeting.hello', typeof helloInput, typeof greetingOutput, 'query', { readonly mode: 'prioritised' }, undefined>
    readonly stream: CapabilityDescriptor<'greeting.stream', typeof streamInput, typeof greetingOutput, 'stream', { readonly mode: 'prioritised' }, undefined>
  }
>

declare module 'capstan' {
  interface ContributedCapabilities {
    greeting: typeof greetingType
  }
}

/** Options of {@link greetingPlugin}. */
export interface GreetingPluginOptions {
  /** The greeting word (default `Hello`). */
  word?: string | undefined
}

/** Greets; the greeting word is its only option. */
export declare class GreetingPlugin extends BasePlugin {
  readonly metadata: PluginMetadata
  readonly contributes: readonly [typeof greetingType]
  constructor(options?: GreetingPluginOptions)
  protected performInitialization(): Promise<void>
  capabilities(): CapabilityHandlers
}

/** The factory plugin.json names. */
export declare function greetingPlugin(options?: GreetingPluginOptions): GreetingPlugin
