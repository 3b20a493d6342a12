import { describe, expect, it } from 'vitest'
import { renderCliDocs } from '../../../src/cli/docs/index.js'
import { fixtureCommands } from '../completion/fixture-commands.js'

const docs = renderCliDocs(fixtureCommands)

describe('renderCliDocs', () => {
  it('starts with a runnable example, then configuration, output modes and exit codes', () => {
    expect(docs.startsWith('# The `capstan` command line\n')).toBe(true)
    expect(docs.indexOf('```sh\nnpx capstan inventory list')).toBeLessThan(docs.indexOf('## Configuration'))
    for (const heading of ['## Configuration', '## Output', '## Exit codes', '## Global flags', '## Other commands', '## Commands']) expect(docs).toContain(`\n${heading}\n`)
    expect(docs).toContain('capstan.config.mjs')
    expect(docs).toContain('--config <file>')
    for (const mode of ['--json', '--ndjson']) expect(docs).toContain(`**\`${mode}\`**`)
    for (const code of ['0', '1', '2', '3']) expect(docs).toMatch(new RegExp(`^\\| \`${code}\` \\| `, 'm'))
    for (const builtIn of ['plugins', 'health', 'capabilities', 'completion bash\\|zsh']) expect(docs).toContain(`\`capstan ${builtIn}\``)
  })

  it('has a section per type and, in it, one per command with its usage line and description', () => {
    expect(docs).toContain('\n## inventory\n\n### capstan inventory list\n')
    expect(docs).toContain('\n## command\n\n### capstan command execute\n')
    expect(docs).toContain('```sh\ncapstan command execute --targets <string>... --command <string> [flags]\n```\n\nRun a shell command on the targets.\n')
    expect(docs).toContain('```sh\ncapstan reports query [flags]\n```')
    expect(docs).toContain('- [command](#command): [`execute`](#capstan-command-execute)')
  })

  it('has a flag table with type, default, required, description and choices', () => {
    expect(docs).toContain('| Flag | Type | Default | Required | Description | Choices |')
    expect(docs).toContain('| `--targets` | string[] |  | yes | Target patterns: names, globs, groups (repeat the flag or give a comma list) |  |')
    expect(docs).toContain('| `--shell` | enum | `"sh"` |  | Shell: sh, bash [or] powershell | `sh`, `bash`, `powershell` |')
    expect(docs).toContain('| `--refresh, --no-refresh` | boolean | `false` |  | Bypass the cache |  |')
    expect(docs).toContain('| `--env` | object (KEY=value repeated, JSON or @file) |  |  | Environment variables |  |')
    expect(docs).toContain('| `--status` | enum[] |  |  | Report statuses (repeat the flag or give a comma list) | `success`, `failed`, `noop` |')
  })

  it('escapes pipes in table cells', () => {
    expect(docs).toContain('| Per node timeout \\| in ms |')
  })

  it('lists the examples and the providers', () => {
    expect(docs).toContain("```sh\ncapstan command execute --targets 'web*' --command uptime\n```")
    expect(docs).toContain('provided by `local`')
  })

  it('is deterministic and ends with one newline', () => {
    expect(renderCliDocs(fixtureCommands)).toBe(docs)
    expect(docs.endsWith('\n')).toBe(true)
    expect(docs.endsWith('\n\n')).toBe(false)
  })
})
