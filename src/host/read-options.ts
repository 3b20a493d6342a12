import { z } from 'zod'
import { InvokeOptionsSchema } from '../registry/invoke-options-schema.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

/** Options of the inventory and facts facade methods: the invoke options and `refresh`. */
export interface ReadOptions extends InvokeOptions {
  /** Bypass the cache and ask the sources again. */
  refresh?: boolean | undefined
}

/** {@link ReadOptions}, strict like the invoke options. */
export const ReadOptionsSchema = InvokeOptionsSchema.extend({ refresh: z.boolean().optional() }) satisfies z.ZodType<ReadOptions>
