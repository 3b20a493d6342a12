import { z } from 'zod'
import { CapstanOptionsSchema } from '../../host/capstan-options-schema.js'
import { FileJournalStoreOptions } from '../../journal/file/file-journal-store-options.js'
import { LocalPluginOptions } from '../../local/local-plugin-options.js'

const positiveInt = z.number().int().positive()

/** One configured plugin when it has more than a module specifier. */
const PluginEntryObject = z
  .object({
    /** A package name, or a path (relative to the configuration file) to a plugin package or file. */
    module: z.string().min(1),
    /**
     * The directory whose `node_modules` holds the package, relative to the
     * configuration file (default: its directory); a relative `module` path starts there too.
     */
    from: z.string().min(1).optional(),
    /** Passed to the plugin's factory, and to the plugin as `context.config` when an object. */
    options: z.unknown().optional(),
    /** Higher wins for prioritised capabilities (facts) and provider choice (default 0). */
    priority: z.number().optional(),
    /** Per-call timeout of this plugin's providers in ms (default: the host's `providerTimeoutMs`). */
    timeoutMs: positiveInt.optional(),
    /** Nodes of this plugin in flight at once, across executions. */
    concurrency: positiveInt.optional(),
  })
  .strict()

/**
 * A configured plugin: a module specifier, or `{ module, from?, options?, priority?, timeoutMs?, concurrency? }`.
 */
export const CliPluginEntry = z.union([z.string().min(1), PluginEntryObject], {
  error: 'expected a module specifier or { module, from?, options?, priority?, timeoutMs?, concurrency? }',
})

/** A configured plugin, as written in the configuration file. */
export type CliPluginEntry = z.infer<typeof CliPluginEntry>

/**
 * `host.scripts` of a configuration file: `roots` relative to the file. A
 * relative `--script` is always taken from the working directory, as a
 * shell user expects (`baseDir` is the CLI's, not the file's).
 */
const CliScriptsConfig = z
  .object({
    /** Directories scripts must be inside (relative to the configuration file). */
    roots: z.array(z.string().min(1, { error: 'must not be empty' })).optional(),
    /** The largest script, in bytes (default 10 MiB). */
    maxBytes: positiveInt.optional(),
  })
  .strict()

/**
 * The host options a configuration file may set: the `createCapstan` options
 * that are plain data. Loggers, stores and policies are code or need a
 * principal, which a command line does not have.
 */
export const CliHostConfig = CapstanOptionsSchema.pick({
  concurrency: true,
  providerTimeoutMs: true,
  initTimeoutMs: true,
  startRetry: true,
  strict: true,
  killGraceMs: true,
  cache: true,
  healthCacheMs: true,
  validateOutput: true,
  maxQueuedNodes: true,
  maxStoredOutputBytes: true,
}).extend({
  scripts: CliScriptsConfig.optional(),
  /** The node journal's file store: `dir` relative to the configuration file. Without it, a command's journal lives only as long as the command. */
  journal: FileJournalStoreOptions.optional(),
})

/** Host options of a configuration file. */
export type CliHostConfig = z.infer<typeof CliHostConfig>

/**
 * The schema of `capstan.config.*`. Unknown fields are rejected so a typo
 * (`plugin:` for `plugins:`) fails instead of being ignored.
 *
 * @example
 * ```yaml
 * plugins:
 *   - '@capstan/plugin-bolt'
 *   - module: ./plugins/inventory-file
 *     options: { file: hosts.json }
 *     priority: 10
 *   - module: '@acme/capstan-plugin-cmdb'
 *     from: /opt/capstan-plugins   # whose node_modules holds it
 * local:
 *   inventoryFile: ./inventory.yaml
 * host:
 *   concurrency: 20
 *   scripts: { roots: [./scripts] }
 *   journal: { dir: ./var/journal }
 * ```
 */
export const CliConfig = z
  .object({
    /** Plugins to load, in order. */
    plugins: z.array(CliPluginEntry).optional(),
    /** `false` leaves the built-in local plugin out; an object is its options (paths relative to the file). */
    local: z.union([z.literal(false), LocalPluginOptions], { error: 'expected false or local plugin options such as { inventoryFile }' }).optional(),
    /** Options of the Capstan host. */
    host: CliHostConfig.optional(),
  })
  .strict()

/** A validated configuration file. */
export type CliConfig = z.input<typeof CliConfig>
