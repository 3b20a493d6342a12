import { quoteArgv } from '../exec/shell-quote.js'
import type { ManagerCommand, PackageAction } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'

/** dnf and yum pin a version as `name-version`; other specs pass as they are. */
export function dashVersionSpec(spec: PackageSpec): string {
  if (spec.kind === 'file') return spec.path
  return spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`
}

/** `<program> -y <verb> specs`, the verb chosen by action (dnf and yum). */
export function yesChangeCommand(program: 'dnf' | 'yum', verbs: Record<PackageAction, string>, action: PackageAction, specs: readonly PackageSpec[]): ManagerCommand {
  return { command: quoteArgv([program, '-y', verbs[action], ...specs.map(dashVersionSpec)]) }
}
