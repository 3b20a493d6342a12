/**
 * OpenSSH's patterns (ssh_config(5), PATTERNS): `*` matches any run of
 * characters, `?` exactly one, and nothing else is special. Brackets and
 * backslashes are literal here, unlike in a file glob.
 */
export function matchesPattern(text: string, pattern: string, options: { ignoreCase?: boolean } = {}): boolean {
  const source = [...pattern].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char))).join('')
  return new RegExp(`^${source}$`, options.ignoreCase === true ? 'is' : 's').test(text)
}

/**
 * A pattern list: the patterns of a `Host` line, or the comma-separated
 * entries of a `Match host a*,!ab` criterion. False as soon as a negated
 * entry matches, else true when any plain entry does; a list of negations
 * alone therefore never matches, as in OpenSSH.
 */
export function matchesPatternList(text: string, patterns: readonly string[], options: { ignoreCase?: boolean } = {}): boolean {
  let matched = false
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!')
    if (!matchesPattern(text, negated ? pattern.slice(1) : pattern, options)) continue
    if (negated) return false
    matched = true
  }
  return matched
}

/** A concrete host alias: a `Host` pattern with no wildcard and no negation. */
export function isConcreteAlias(pattern: string): boolean {
  return !/[*?!]/.test(pattern)
}

/** `text` with every character a regular expression treats specially escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
}
