import { CapstanError } from 'capstan'

/**
 * One package as the caller named it, after validation:
 * - `name`: a package from the repositories, optionally pinned to a version;
 * - `file`: a package file already on the node, by absolute path.
 */
export type PackageSpec = { kind: 'name'; name: string; version?: string | undefined } | { kind: 'file'; path: string }

/** What the tools accept as a package name (Debian, RPM, Alpine and Arch names, `name:arch`, `name.arch`). */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+:@-]*$/
/** What the tools accept as a version (epoch `1:`, Debian `~`, RPM `^`, release `-1`). */
const VERSION = /^[A-Za-z0-9_][A-Za-z0-9_.+:~^-]*$/
/** An absolute path made of ordinary file-name characters, no `..` segment. */
const PATH = /^(\/[A-Za-z0-9_.+@%,=~-]+)+$/

/** How a manager takes specs: the package file suffixes it installs and whether it pins versions. */
export interface SpecRules {
  /** Manager name, for messages. */
  manager: string
  /** File name endings of the package files it installs (`.deb`, `.rpm`, ...). */
  fileSuffixes: readonly string[]
  /** False when the tool cannot install a given version (pacman). */
  versionPinning: boolean
}

/**
 * Validates `specs` (each `name`, `name=version` or an absolute path to a
 * package file on the node) strictly: only the characters package tools use
 * in names, versions and paths pass, so nothing a shell would interpret
 * reaches a command line even before quoting.
 *
 * @throws CapstanError VALIDATION_ERROR naming `packages[i]` for an empty
 *   spec, one starting with `-`, a character outside the allowed set, a path
 *   that is relative, holds `..` or has a suffix the manager does not install,
 *   or a version for a manager that cannot pin one.
 */
export function parsePackageSpecs(specs: readonly string[], rules: SpecRules): PackageSpec[] {
  return specs.map((spec, i) => parsePackageSpec(spec, rules, `packages[${i}]`))
}

/** {@link parsePackageSpecs} for one spec; `field` names it in errors. */
export function parsePackageSpec(spec: string, rules: SpecRules, field = 'package'): PackageSpec {
  const fail = (why: string): never => {
    throw new CapstanError('VALIDATION_ERROR', { message: `${field}: ${why} (got ${JSON.stringify(spec)})`, details: { field, manager: rules.manager } })
  }
  if (spec.length === 0) fail('a package spec cannot be empty')
  if (spec.startsWith('-')) fail('a package spec cannot start with "-"')
  if (spec.startsWith('/')) {
    if (!PATH.test(spec) || spec.split('/').some((part) => part === '..' || part === '.')) {
      fail('a package file must be an absolute path of letters, digits and . _ + @ % , = ~ -, without . or .. segments')
    }
    if (!rules.fileSuffixes.some((suffix) => spec.endsWith(suffix))) fail(`${rules.manager} installs package files ending in ${rules.fileSuffixes.join(', ')}`)
    return { kind: 'file', path: spec }
  }
  const equals = spec.indexOf('=')
  const name = equals === -1 ? spec : spec.slice(0, equals)
  const version = equals === -1 ? undefined : spec.slice(equals + 1)
  if (!NAME.test(name)) fail('a package name may hold letters, digits and _ . + : @ -, and must start with a letter, digit or _')
  if (version === undefined) return { kind: 'name', name }
  if (!VERSION.test(version)) fail('a version may hold letters, digits and _ . + : ~ ^ -, and must start with a letter, digit or _')
  if (!rules.versionPinning) fail(`${rules.manager} cannot install a given version; name the package without "=version"`)
  return { kind: 'name', name, version }
}
