import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requirement } from '@capstan/test-support/requirement'

/** Quotes one word for a bash array literal. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * Sources the bash completion `script` in a real bash, sets COMP_WORDS to
 * `words` (the last one is the word being completed) and returns what
 * `_capstan` put in COMPREPLY.
 */
export function completeInBash(script: string, words: string[], cwd?: string): string[] {
  const program = `source <(printf '%s' "$CAPSTAN_COMPLETION"); COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}; _capstan; printf '%s\\n' "\${COMPREPLY[@]}"`
  const stdout = execFileSync('bash', ['-c', program], { cwd, env: { ...process.env, CAPSTAN_COMPLETION: script }, encoding: 'utf8' })
  return stdout.split('\n').filter((line) => line !== '')
}

/** A `zsh` on the PATH. */
export const zshInstalled = requirement(spawnSync('zsh', ['-c', 'exit 0']).status === 0, 'zsh not installed (apt-get install zsh; .ci/run installs test/infra/packages.txt)')

/**
 * Drives an interactive zsh in a pseudo-terminal (zsh/zpty): loads compinit
 * and the completion `script`, types `typed`, presses Tab once, and writes the
 * edited line to a file through a key bound to a widget.
 */
const ZSH_DRIVER = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; autoload -U compinit; compinit -u -D; source \${(q)1}"
zpty -w z "show() { print -r -- \\"\\$BUFFER\\" > \${(q)2} }; zle -N show; bindkey '^X' show"
zpty -wn z "$3"$'\\t\\x18'
for i in {1..100}; do [[ -s $2 ]] && break; sleep 0.1; done
zpty -d z
`

/**
 * The command line after typing `typed` and pressing Tab once in a real
 * interactive zsh with the completion `script` loaded (in `cwd`).
 */
export function completeInZsh(script: string, typed: string, cwd: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-zsh-'))
  try {
    writeFileSync(join(dir, 'driver.zsh'), ZSH_DRIVER)
    writeFileSync(join(dir, '_capstan'), script)
    const out = join(dir, 'line')
    execFileSync('zsh', ['-f', join(dir, 'driver.zsh'), join(dir, '_capstan'), out, typed], { cwd, timeout: 15_000, env: { ...process.env, HOME: dir } })
    return existsSync(out) ? readFileSync(out, 'utf8').replace(/\n$/, '') : ''
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
