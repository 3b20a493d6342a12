/**
 * Other spellings of a command, for people who come from Bolt or Puppet and
 * type what those tools call it. Data, not branches: the CLI resolves an alias
 * before it looks the command up, help and docs/cli.md list them from here,
 * and "did you mean" considers them. Only unambiguous ones: each alias names
 * exactly one command, and never shadows a real one (a real command wins).
 */
export interface CommandAlias {
  /** What the user types: `command run`. */
  words: readonly [type: string, operation: string]
  /** The command it means: `command execute`. */
  command: readonly [type: string, operation: string]
  /** Why someone types it, shown in help and docs/cli.md: `bolt command run`. */
  why: string
}

/** Every alias the CLI accepts. */
export const commandAliases: readonly CommandAlias[] = [
  { words: ['command', 'run'], command: ['command', 'execute'], why: 'Bolt: bolt command run' },
  { words: ['script', 'run'], command: ['script', 'execute'], why: 'Bolt: bolt script run' },
  { words: ['task', 'run'], command: ['task', 'execute'], why: 'Bolt: bolt task run' },
  { words: ['inventory', 'show'], command: ['inventory', 'list'], why: 'Bolt: bolt inventory show' },
  { words: ['group', 'show'], command: ['inventory', 'groups'], why: 'Bolt: bolt group show' },
  { words: ['facts', 'get'], command: ['info', 'facts'], why: 'facts are served by the info type' },
  { words: ['facts', 'show'], command: ['info', 'facts'], why: 'Puppet: puppet facts show' },
  { words: ['facts', 'refresh'], command: ['info', 'refresh'], why: 'facts are served by the info type' },
]

/** The part of a command an alias resolution needs. */
interface CommandWords {
  type: string
  operation: string
}

/**
 * The aliases that apply to these commands: their target exists and they do
 * not shadow a real command (a plugin may contribute a type named like an alias).
 */
export function activeAliases(commands: readonly CommandWords[]): CommandAlias[] {
  const has = ([type, operation]: readonly [string, string]): boolean => commands.some((c) => c.type === type && c.operation === operation)
  return commandAliases.filter((alias) => has(alias.command) && !has(alias.words))
}

/**
 * `args` with a leading alias replaced by the command it names
 * (`['command', 'run', '--targets', 'x']` → `['command', 'execute', '--targets', 'x']`);
 * unchanged when it does not start with one.
 */
export function resolveAlias(args: readonly string[], commands: readonly CommandWords[]): string[] {
  const [type, operation, ...rest] = args
  const alias = activeAliases(commands).find((a) => a.words[0] === type && a.words[1] === operation)
  return alias === undefined ? [...args] : [...alias.command, ...rest]
}
