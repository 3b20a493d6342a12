import { stripSecrets } from '../inventory/strip-secrets.js'

/**
 * The config a node record carries: its transport and that transport's own
 * section, without credentials. This is what `bolt inventory show --detail`
 * prints (minus Bolt's built-in defaults): a target reached over `local` has
 * no use for the `ssh` section it inherited from the top level.
 */
export function nodeTransportConfig(config: Record<string, unknown>, transport: string): Record<string, unknown> {
  const section = config[transport]
  const isSection = section !== null && typeof section === 'object' && !Array.isArray(section)
  return isSection ? { transport, [transport]: stripSecrets(section as Record<string, unknown>) } : { transport }
}
