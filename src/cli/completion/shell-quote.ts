/** `word` as one single-quoted shell word, safe in bash and zsh whatever it holds. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/** Several words, each quoted, separated by spaces. */
export function shellWords(words: readonly string[]): string {
  return words.map(shellQuote).join(' ')
}
