import type { FlagSpec } from './cli-command.js'

/** Realistic values for properties many capabilities share, so examples read like real use. */
const SAMPLES: Readonly<Record<string, string>> = {
  targets: "'web*'",
  names: "'web*'",
  groups: 'webservers',
  node: 'web01',
  command: 'uptime',
  task: 'package',
  params: `'{"action":"status","name":"openssl"}'`,
  script: './check-disk.sh',
  packages: 'openssl',
  query: 'openssl',
  filter: 'openssl',
  name: 'web03',
  kind: 'vm',
  application: 'shop',
  version: '1.4.2',
  environment: 'production',
}

/**
 * A runnable example of a command: every required flag with a plausible
 * value (the `positional` one as the argument it may be) and, when nothing
 * is required, up to two optional flags that show what the command is for
 * (a node, a status).
 */
export function exampleCommand(type: string, operation: string, flags: readonly FlagSpec[], positional?: string): string {
  const required = flags.filter((f) => f.required)
  const shown = required.length > 0 ? required : flags.filter((f) => SAMPLES[f.property] !== undefined || f.type === 'enum').slice(0, 2)
  const argument = shown.find((f) => f.name === positional)
  return ['capstan', type, operation, ...(argument === undefined ? [] : [sampleValue(argument)]), ...shown.filter((f) => f !== argument).map(exampleFlag)].join(' ')
}

function exampleFlag(flag: FlagSpec): string {
  if (flag.type === 'boolean') return `--${flag.name}`
  return `--${flag.name} ${sampleValue(flag)}`
}

function sampleValue(flag: FlagSpec): string {
  const known = SAMPLES[flag.property]
  if (known !== undefined) return known
  const choice = flag.choices?.[0]
  if (choice !== undefined) return choice
  if (flag.default !== undefined && flag.type !== 'object' && flag.type !== 'json') return shellWord(Array.isArray(flag.default) ? flag.default.join(',') : String(flag.default))
  switch (flag.type === 'array' ? flag.itemType : flag.type) {
    case 'number':
    case 'integer':
      return '10'
    case 'object':
      return "'{}'"
    case 'json':
      return "'null'"
    default:
      return `<${flag.name}>`
  }
}

/** Quotes a value the shell would otherwise split or expand. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`
}
