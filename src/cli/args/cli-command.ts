/**
 * The command model of the `capstan` CLI: one {@link CliCommand} per
 * capability, generated from its input JSON Schema. Help, parsing,
 * completion and docs/cli.md are all produced from these.
 */

/** The kind of value a flag takes, from the JSON Schema of the input property. */
export type FlagType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'json'

/** One `--flag` of a generated command. */
export interface FlagSpec {
  /** The input property (`pollIntervalMs`). */
  property: string
  /** The flag as typed, kebab-case, without dashes (`poll-interval-ms`). */
  name: string
  type: FlagType
  /** For arrays: the type of each item (`string`, `number`, `enum`...). */
  itemType?: Exclude<FlagType, 'array'>
  /** For enums (or arrays of enums): the allowed values. */
  choices?: string[]
  /** The schema's default, shown in help. */
  default?: unknown
  description?: string
  /** True when the input requires it. */
  required: boolean
  /**
   * True for a flag that sets an invoke option, not an input property (the
   * rollout flags of execution commands); `property` is then the option's
   * dotted path (`rollout.batch`).
   */
  option?: true | undefined
}

/** One generated command: `capstan <type> <operation>`. */
export interface CliCommand {
  /** The capability id (`command.execute`). */
  id: string
  /** First word (`command`): the part of the id before the dot. */
  type: string
  /** Second word (`execute`): the part after the dot, kebab-case. */
  operation: string
  description: string
  /** The descriptor's kind: query, action, stream. */
  kind: string
  /** True when it runs on the execution engine (streamed per-node output, an Execution). */
  execution: boolean
  flags: FlagSpec[]
  /**
   * The flag that may also be given as the one positional argument, by name
   * (`node`: `capstan info facts web01` is `--node web01`); absent when the
   * command takes only flags. See `positionalFlagOf`.
   */
  positional?: string
  /** The capability that also serves it, in plugins that do not implement it (the descriptor's `derivedFrom`). */
  derivedFrom?: string
  /** Example command lines (from the CLI's own list and plugin.json `cli.hints`). */
  examples: string[]
  /** Plugins that provide it, when known (empty when help is built without loading plugins). */
  providers: string[]
}
