import { CapstanError } from 'capstan'
import { fieldIssues, formatPath } from 'capstan/plugin-kit'
import { z } from 'zod'
import { boltKindError } from '../errors/bolt-kind-error.js'

/** Where a piece of Bolt output came from, for error messages. */
export interface BoltOutputContext {
  /** Plugin that ran Bolt, named in `details.plugin`. */
  plugin?: string
  /** Path of `json` inside the whole document, so a field is named from the top (`targets[2].name`). */
  path?: ReadonlyArray<PropertyKey>
}

/** The error object Bolt prints at the top level when the command itself failed. */
const BoltLevelError = z.looseObject({
  _error: z.looseObject({
    msg: z.string(),
    kind: z.string().optional(),
    details: z.unknown().optional(),
  }),
})

/**
 * Checks one piece of Bolt's JSON output against `schema` and returns the
 * parsed value. Bolt's output shape is an outside contract: when it changes,
 * the caller must learn which field of which command broke, not meet an
 * `undefined` three calls later.
 *
 * A document that carries Bolt's own top-level `_error` (unknown task, bad
 * parameters: `{"items": [], "_error": {...}}`) fails with Bolt's message
 * rather than with a schema complaint about the rest.
 *
 * @throws CapstanError PLUGIN_ERROR naming `command` and the first bad field;
 *   `details` has `command`, `field`, `issues`, `plugin`, and Bolt's error kind as
 *   `reason` for a Bolt error.
 */
export function parseBoltOutput<Schema extends z.ZodType>(
  schema: Schema,
  json: unknown,
  command: string,
  context: BoltOutputContext = {},
): z.output<Schema> {
  const prefix = context.path ?? []
  const plugin = context.plugin === undefined ? {} : { plugin: context.plugin }
  if (prefix.length === 0) {
    const boltError = BoltLevelError.safeParse(json)
    if (boltError.success) {
      const { msg, kind } = boltError.data._error
      throw boltKindError('PLUGIN_ERROR', kind, `\`${command}\` failed: ${msg}`, { ...plugin, command })
    }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issues = fieldIssues(parsed.error).map((issue) => ({
    path: issue.path === '(root)' ? formatPath(prefix) : joinPath(formatPath(prefix), issue.path),
    message: issue.message,
  }))
  const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
  throw new CapstanError('PLUGIN_ERROR', {
    message: `Unexpected output from \`${command}\`: ${listed}`,
    details: { ...plugin, command, field: issues[0]?.path, issues },
    cause: parsed.error,
  })
}

/** `targets[2]` + `name` → `targets[2].name`; `targets` + `[0]` → `targets[0]`. */
function joinPath(prefix: string, path: string): string {
  if (prefix === '(root)') return path
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`
}
