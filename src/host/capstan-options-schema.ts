import { isAbsolute } from 'node:path'
import { z } from 'zod'
import { FileJournalStoreOptions } from '../journal/file/file-journal-store-options.js'
import { isJournalStore } from '../journal/is-journal-store.js'
import { isPlugin } from '../plugin/is-plugin.js'

const plugin = z.custom((value) => isPlugin(value), { message: 'expected a Capstan plugin (an instance of a class extending BasePlugin)' })
const ms = z.number().int().nonnegative()
/** setTimeout fires at once for delays above 2^31 - 1 ms. */
const MAX_TIMER_MS = 2_147_483_647
const absolutePath = z.string().min(1, { error: 'must not be empty' }).refine((path) => isAbsolute(path), { error: 'must be an absolute path' })

/**
 * Checks {@link CapstanOptions} at run time, so a JavaScript caller's typo
 * fails at `createCapstan` with the option's path, not later.
 */
export const CapstanOptionsSchema = z
  .object({
    plugins: z
      .array(
        z.union([plugin, z.object({ plugin, priority: z.number().optional(), timeoutMs: ms.positive().optional(), config: z.record(z.string(), z.unknown()).optional(), concurrency: ms.positive().optional() }).strict()], {
          error: 'expected a plugin (e.g. localPlugin()) or { plugin, priority?, timeoutMs?, config?, concurrency? }',
        }),
      )
      .optional(),
    policy: z.unknown().optional(),
    cache: z.object({ inventoryTtlMs: ms.optional(), factsTtlMs: ms.optional(), maxEntries: ms.positive().optional() }).strict().optional(),
    logger: z.custom((v) => v !== null && typeof v === 'object' && ['debug', 'info', 'warn', 'error', 'child'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'), {
      message: 'expected a logger with debug, info, warn, error and child (pino-compatible)',
    }).optional(),
    initTimeoutMs: ms.positive().optional(),
    startRetry: z
      .union([
        z.literal(false),
        z
          .object({ retries: ms.optional(), minDelayMs: ms.optional(), maxDelayMs: ms.optional(), factor: z.number().min(1).optional(), jitter: z.enum(['full', 'none']).optional() })
          .strict()
          .refine((t) => t.minDelayMs === undefined || t.maxDelayMs === undefined || t.minDelayMs <= t.maxDelayMs, { message: 'minDelayMs must not exceed maxDelayMs', path: ['minDelayMs'] }),
      ])
      .optional(),
    strict: z.boolean().optional(),
    providerTimeoutMs: ms.positive().max(MAX_TIMER_MS).optional(),
    callTimeoutMs: ms.positive().max(MAX_TIMER_MS).optional(),
    healthCacheMs: ms.optional(),
    validateOutput: z.boolean().optional(),
    concurrency: ms.positive().optional(),
    maxQueuedNodes: ms.positive().optional(),
    maxStoredOutputBytes: ms.positive().optional(),
    killGraceMs: ms.optional(),
    executionStore: z
      .custom((v) => v !== null && typeof v === 'object' && ['save', 'get', 'list'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'), { message: 'expected an ExecutionStore with save, get and list' })
      .optional(),
    executionStoreTimeoutMs: ms.positive().optional(),
    journal: z
      .union(
        [
          z.custom((v) => isJournalStore(v)),
          FileJournalStoreOptions,
        ],
        { error: 'expected a JournalStore (append, get, query, follow and close) or the file store\'s options ({ dir, ... })' },
      )
      .optional(),
    scripts: z.object({ roots: z.array(absolutePath).optional(), baseDir: absolutePath.optional(), maxBytes: ms.positive().optional() }).strict().optional(),
  })
  .strict()
