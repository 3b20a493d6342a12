import type { ProviderContext } from 'capstan'

/** A plugin's handler as the kit calls it, whatever its capability. */
export type CallableHandler = (input: unknown, ctx: ProviderContext) => unknown
