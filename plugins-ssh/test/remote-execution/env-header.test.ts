import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { envHeader, readEnvHeader } from '../../src/remote-execution/env-header.js'

/** Shells the wrapper may run under here: /bin/sh (dash on Debian) and bash, a common login shell. */
const shells = ['/bin/sh', '/bin/bash']

/**
 * Runs `readEnvHeader()` under `shell` with `args` as "$@" and `stdin` on a pipe, then prints
 * "$#", each of `names`' values and whatever is left on stdin, NUL-separated.
 */
function readBack(shell: string, names: string[], stdin: string, args: string[] = []): { status: number; words: string[]; stderr: string } {
  const print = `printf '%s\\0' "$#" "$@" ${names.map((n) => `"\${${n}-unset}"`).join(' ')}; cat`
  try {
    const out = execFileSync(shell, ['-c', `${readEnvHeader()}${print}`, 'capstan-test', ...args], { input: stdin, env: { PATH: process.env.PATH }, stdio: 'pipe' })
    return { status: 0, words: out.toString('utf8').split('\0'), stderr: '' }
  } catch (error) {
    const e = error as { status: number; stderr: Buffer }
    return { status: e.status, words: [], stderr: e.stderr.toString('utf8') }
  }
}

/** Names the shells themselves set or refuse (`$_` is the last argument, `RANDOM` changes...) are not the reader's to keep. */
const shellOwned = /^(_|IFS|PATH|RANDOM|SRANDOM|SECONDS|LINENO|PPID|OPTIND|UID|EUID|GROUPS|HISTCMD|FUNCNAME|SHELLOPTS|BASHOPTS|EPOCH\w*|BASH\w*|COMP\w*)$/
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((n) => !shellOwned.test(n))
const value = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'))

describe('envHeader', () => {
  it('is empty without variables, so nothing is read', () => {
    expect(envHeader(undefined)).toBe('')
    expect(envHeader({})).toBe('')
  })

  it('writes each value as its lines after a NAME LINES line, and ends with a dot', () => {
    expect(envHeader({ A: 'x y', B: 'one\ntwo\n', C: '' })).toBe('A 1\nx y\nB 3\none\ntwo\n\nC 1\n\n.\n')
  })

  it.each(['1A', 'A-B', 'A B', '', 'É', 'A=B', '.'])('refuses the name %j with VALIDATION_ERROR naming env.<name>', (bad) => {
    let caught: unknown
    try {
      envHeader({ [bad]: 'v' })
    } catch (error) {
      caught = error
    }
    expect(isCapstanError(caught, 'VALIDATION_ERROR')).toBe(true)
    expect((caught as Error).message).toContain(`env.${bad}`)
    expect((caught as { details: Record<string, unknown> }).details.field).toBe(`env.${bad}`)
  })

  it('refuses a NUL byte in a value without quoting the value', () => {
    expect(() => envHeader({ TOKEN: 'top-secret\0x' })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', details: expect.objectContaining({ field: 'env.TOKEN' }), message: expect.not.stringContaining('top-secret') }))
  })
})

describe.each(shells)('readEnvHeader under %s', (shell) => {
  it('round-trips any values, keeps "$@", and leaves the rest of stdin to the command', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { minKeys: 1, maxKeys: 4 }), fc.array(value, { maxLength: 3 }), value, (env, args, rest) => {
        const names = Object.keys(env)
        const r = readBack(shell, names, envHeader(env) + rest, args)
        expect(r.status).toBe(0)
        expect(r.words).toEqual([String(args.length), ...args, ...names.map((n) => env[n]), rest])
      }),
      { numRuns: 15 },
    )
  }, 90_000) // one shell start per run, on a machine that may be busy

  it('exports the variables, and a caller variable named like its scratch ones keeps its value', () => {
    const env = { capstan_v: 'mine', capstan_k: 'also mine', X: 'a\nb' }
    const header = envHeader(env)
    const print = `sh -c 'printf "%s\\0" "$capstan_v" "$capstan_k" "$X" "\${capstan_env-unset}"'`
    const out = execFileSync(shell, ['-c', `${readEnvHeader()}${print}`], { input: header })
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(['mine', 'also mine', 'a\nb', 'unset'])
  })

  it.each([
    ['nothing', ''],
    ['half a header', 'A 2\nfirst line\n'],
    ['no end line', 'A 1\nvalue\n'],
  ])('stops with exit 125, without running the command, when stdin holds %s', (_, stdin) => {
    const r = readBack(shell, ['A'], stdin)
    expect(r.status).toBe(125)
    expect(r.stderr).toMatch(/capstan: the environment did not arrive on stdin\n$/) // bash may first complain about a ~/.bashrc
  })
})
