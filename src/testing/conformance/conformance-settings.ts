import { CapstanError, isPlugin, type BasePlugin, type Logger, type MetricsSink } from 'capstan'
import { validationError } from 'capstan/plugin-kit'
import { z } from 'zod'
import { conformanceChecks } from './conformance-check.js'
import type { ConformanceContext, ConformanceOptions, ConformanceSkips } from './conformance-options.js'

/** Default bound of one step, in ms. */
const DEFAULT_TIMEOUT_MS = 5_000

/** Checks of the whole plugin: skipped as a whole, never per capability. */
const wholePluginChecks: readonly string[] = ['initialize', 'health', 'dispose']
const reason = z.string().trim().min(1, 'give the reason')
const skipReason = z.union([reason, z.record(z.string().min(1), reason)])
const hasMethods = (...names: string[]) => (value: unknown) => typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
const perCapability = <T extends z.ZodType>(value: T) => z.record(z.string().min(1), value).optional()

const OptionsSchema = z
  .object({
    plugin: z.custom<ConformanceOptions['plugin']>((value) => typeof value === 'function', 'must be a function that returns a new plugin'),
    packageDir: z.string().min(1).optional(),
    inputs: perCapability(z.unknown()),
    abortInputs: perCapability(z.unknown()),
    badInputs: perCapability(z.array(z.unknown())),
    context: z
      .object({
        logger: z.custom<Logger>(hasMethods('debug', 'info', 'warn', 'error', 'child'), 'must be a logger (debug, info, warn, error, child)').optional(),
        config: z.record(z.string(), z.unknown()).optional(),
        killGraceMs: z.number().int().nonnegative().optional(),
        metrics: z.custom<MetricsSink>(hasMethods('increment', 'observe'), 'must be a metrics sink (increment, observe)').optional(),
      })
      .strict()
      .optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    skip: z.object(Object.fromEntries(conformanceChecks.map((check) => [check, (wholePluginChecks.includes(check) ? reason : skipReason).optional()]))).strict().optional(),
  })
  .strict()

/** {@link ConformanceOptions} checked, with the defaults filled in. */
export interface ConformanceSettings {
  /** A new plugin from the caller's factory. */
  createPlugin(): Promise<BasePlugin>
  packageDir: string | undefined
  inputs: Readonly<Record<string, unknown>>
  abortInputs: Readonly<Record<string, unknown>>
  badInputs: Readonly<Record<string, readonly unknown[]>>
  context: ConformanceContext
  timeoutMs: number
  skip: ConformanceSkips
}

/**
 * Checks the options of {@link runConformance}.
 *
 * @throws CapstanError VALIDATION_ERROR naming the bad option in `details.field` (`timeoutMs`, `skip.abort`).
 */
export function conformanceSettings(options: unknown): ConformanceSettings {
  const parsed = OptionsSchema.safeParse(options)
  if (!parsed.success) throw validationError('runConformance options', parsed.error)
  const { plugin: factory, packageDir, inputs = {}, abortInputs = {}, badInputs = {}, context = {}, timeoutMs = DEFAULT_TIMEOUT_MS, skip = {} } = parsed.data
  return {
    createPlugin: async () => {
      const plugin: unknown = await factory()
      if (isPlugin(plugin)) return plugin
      throw new CapstanError('VALIDATION_ERROR', {
        message: 'runConformance options: plugin() must return a new plugin (metadata.name and initialize, healthCheck, dispose and capabilities methods)',
        details: { field: 'plugin' },
      })
    },
    packageDir,
    inputs,
    abortInputs,
    badInputs,
    context,
    timeoutMs,
    skip: skip as ConformanceSkips,
  }
}
