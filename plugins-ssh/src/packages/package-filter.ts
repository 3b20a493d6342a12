import { CapstanError } from 'capstan'
import { thrownMessage } from 'capstan/plugin-kit'
import { RE2JS } from 're2js'

/** Characters that make a filter a glob rather than a substring. */
const GLOB = /[*?[]/

/**
 * A predicate on package names for a `package.list` filter: a glob
 * (`lib*`, `python3-?`, `[ab]*`) must match the whole name; any other text
 * matches names containing it. Both ignore case. The glob runs on RE2
 * (`re2js`), in time linear in the name: a caller's `*a*a*a*a*b` cannot
 * make it backtrack as a `RegExp` would.
 *
 * @throws CapstanError VALIDATION_ERROR naming `filter` for a class RE2 refuses (`[z-a]`).
 */
export function packageFilter(filter: string): (name: string) => boolean {
  if (!GLOB.test(filter)) {
    const needle = filter.toLowerCase()
    return (name) => name.toLowerCase().includes(needle)
  }
  let pattern: RE2JS
  try {
    // DOTALL: `*` and `?` stand for any character.
    pattern = RE2JS.compile(`^${globToRegExpSource(filter)}$`, RE2JS.CASE_INSENSITIVE | RE2JS.DOTALL)
  } catch (error) {
    // A class RE2 refuses, such as the reversed range [z-a].
    throw new CapstanError('VALIDATION_ERROR', { message: `filter: not a valid glob: ${thrownMessage(error)}`, details: { field: 'filter' }, cause: error })
  }
  return (name) => pattern.test(name)
}

function globToRegExpSource(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) {
        out += '\\['
        continue
      }
      let body = glob.slice(i + 1, end)
      const negated = body.startsWith('!') || body.startsWith('^')
      if (negated) body = body.slice(1)
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`
      i = end
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return out
}
