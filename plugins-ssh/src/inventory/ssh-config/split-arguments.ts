/**
 * The arguments of an ssh_config line, split as OpenSSH splits them: at
 * spaces and tabs, with single or double quotes keeping spaces in (and
 * joining a word: `x"y z"` is `xy z`), a backslash escaping a quote, a
 * backslash or a space, and `#` at the start of a word ending the line.
 *
 * @returns the arguments, or undefined when a quote is not closed.
 */
export function splitArguments(text: string): string[] | undefined {
  const args: string[] = []
  let word = ''
  let inWord = false
  let quote: string | undefined
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    const next = text[index + 1]
    if (char === '\\' && next !== undefined && (next === '"' || next === "'" || next === '\\' || (quote === undefined && /[ \t]/.test(next)))) {
      word += next
      inWord = true
      index++
    } else if (quote !== undefined) {
      if (char === quote) quote = undefined
      else word += char
    } else if (char === '"' || char === "'") {
      quote = char
      inWord = true
    } else if (/[ \t\r\n\f]/.test(char)) {
      if (inWord) args.push(word)
      word = ''
      inWord = false
    } else if (char === '#' && !inWord) {
      break
    } else {
      word += char
      inWord = true
    }
  }
  if (quote !== undefined) return undefined
  if (inWord) args.push(word)
  return args
}
