// End to end: what of the caller's input and the plugin's options reaches Bolt's
// command line, what must not leak into error messages, and inputs Bolt cannot
// honour, which must not be dropped silently.
import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { boltCapstan, newLogFile, readLog, runsOf, targetsOf } from './support.js'

const argAfter = (argv: readonly string[] | undefined, flag: string) => {
  const at = argv?.indexOf(flag) ?? -1
  return at < 0 ? undefined : argv?.[at + 1]
}

describe('options and inputs on bolt\'s command line', () => {
  it('inventoryFile goes (absolute) to every call that reads the inventory; concurrency to executions', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { inventoryFile: 'relative/other-inventory.yaml', concurrency: 3 })
    await capstan.invoke('inventory.groups', { refresh: false })
    await Promise.all([capstan.invoke('info.facts', { node: 'localhost', refresh: false }), capstan.invoke('info.facts', { node: 'ssh1', refresh: false })])
    await (await capstan.invoke('command.execute', { targets: 'deadhost', command: 'true' })).result
    await capstan.invoke('task.list', {})
    const inventoryFile = `${process.cwd()}/relative/other-inventory.yaml`
    const calls = readLog(log).filter((e) => e.case !== '--version')
    for (const action of ['inventory show', 'group show', 'task run', 'command run']) {
      const entries = calls.filter((e) => e.argv.slice(0, 2).join(' ') === action)
      expect(entries.length, action).toBeGreaterThan(0)
      for (const entry of entries) expect(argAfter(entry.argv, '--inventoryfile'), action).toBe(inventoryFile)
    }
    // Bolt's `task show` takes no --inventoryfile.
    for (const entry of runsOf(log, 'task show')) expect(entry.argv).not.toContain('--inventoryfile')
    expect(argAfter(runsOf(log, 'command run')[0]?.argv, '--concurrency')).toBe('3')
    // Facts are no execution: Bolt's own concurrency is left to Bolt there.
    expect(runsOf(log, 'task run')[0]?.argv).not.toContain('--concurrency')
  })

  it('runAs becomes --run-as', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    await (await capstan.invoke('command.execute', { targets: 'local1', command: 'id -u', runAs: 'root' })).result
    expect(argAfter(runsOf(log, 'command run')[0]?.argv, '--run-as')).toBe('root')
  })

  it('an alias in targets reaches Bolt as the target\'s Bolt name', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const result = await (await capstan.invoke('command.execute', { targets: ['first', 'ssh2', 'local1', 'deadhost'], command: 'if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi' })).result
    expect(targetsOf(runsOf(log, 'command run')[0]?.argv ?? []).sort()).toEqual(['deadhost', 'local1', 'ssh1', 'ssh2'])
    expect(result.nodes.find((n) => n.node === 'ssh1')).toMatchObject({ status: 'success', stdout: 'ok over ssh\n' })
  })

  it('facts by alias: `first` is gathered as ssh1, in the same bolt process as localhost', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const [, first] = await Promise.all([capstan.invoke('info.facts', { node: 'localhost', refresh: false }), capstan.invoke('info.facts', { node: 'first', refresh: false })])
    expect(first.node).toBe('ssh1')
    expect(runsOf(log, 'task run').map((e) => e.case)).toEqual(['task_run_facts'])
  })

  it('info.refresh gathers again: a second `bolt task run facts`', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const both = () => Promise.all([capstan.invoke('info.facts', { node: 'localhost', refresh: false }), capstan.invoke('info.facts', { node: 'ssh1', refresh: false })])
    await both()
    await both()
    expect(runsOf(log, 'task run')).toHaveLength(1)
    await Promise.all([capstan.invoke('info.refresh', { node: 'localhost' }), capstan.invoke('info.refresh', { node: 'ssh1' })])
    expect(runsOf(log, 'task run').map((e) => e.case)).toEqual(['task_run_facts', 'task_run_facts'])
  })
})

describe('secrets stay out of errors and logs', () => {
  it('--env-var values and --params strings are redacted from the messages quoting Bolt\'s output', async () => {
    // Neither run was recorded, so the (fake) bolt's error output quotes the whole argv back.
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const command = await (await capstan.invoke('command.execute', { targets: 'local1', command: 'true', env: { TOKEN: 'hunter2-secret' } })).result
    const task = await (await capstan.invoke('task.execute', { targets: 'local1', task: 'sdkdemo::greet', params: { name: 'pa55word-x' } })).result
    // The values did reach Bolt...
    expect(runsOf(log, 'command run')[0]?.argv).toContain('TOKEN=hunter2-secret')
    expect(argAfter(runsOf(log, 'task run')[0]?.argv, '--params')).toBe('{"name":"pa55word-x"}')
    // ...and Bolt's output quoting them was read, but they are not repeated.
    for (const node of [...command.nodes, ...task.nodes]) {
      expect(node.status).toBe('error')
      expect(node.error?.message).toContain('[redacted]')
      expect(JSON.stringify(node)).not.toMatch(/hunter2-secret|pa55word-x/)
    }
    expect(capstan.logger.text()).not.toMatch(/hunter2-secret|pa55word-x/)
  })
})

describe('inputs Bolt cannot honour are refused, never dropped silently', () => {
  // Bolt's `command run` has no working-directory option and `task run` no
  // --env-var (bolt_option_parser.rb: env-var only for command run and script
  // run). The local plugin refuses what it cannot do (runAs) rather than run
  // without it: running `rm -rf build` somewhere other than the `cwd` asked for
  // is worse than an error.

  it('command.execute with cwd: refused, or the directory reaches Bolt', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const outcome = await capstan
      .invoke('command.execute', { targets: 'local1', command: 'pwd', cwd: '/srv/app' })
      .then((run) => run.result)
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      )
    const argv = runsOf(log, 'command run')[0]?.argv ?? []
    const reachedBolt = argv.some((arg) => arg.includes('/srv/app'))
    const namesCwd = (error: { code: string; message: string; details?: unknown } | undefined) =>
      error !== undefined && error.code !== 'PLUGIN_ERROR' && ((error.details as { field?: string } | undefined)?.field === 'cwd' || /\bcwd\b/.test(error.message))
    const refused =
      ('error' in outcome && isCapstanError(outcome.error, 'VALIDATION_ERROR') && namesCwd(outcome.error)) ||
      ('result' in outcome && outcome.result.nodes.every((n) => n.status === 'error' && namesCwd(n.error)))
    expect(reachedBolt || refused, `cwd was dropped; bolt ran: ${JSON.stringify(argv)}`).toBe(true)
  })

  it('task.execute with env: VALIDATION_ERROR naming env, before any bolt runs', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log)
    const error = await capstan
      .invoke('task.execute', { targets: 'local1', task: 'sdkdemo::greet', params: { name: 'Bob', times: 2 }, env: { GREETING: 'hi' } })
      .then((run) => run.result)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { field: 'env' } })
    expect(runsOf(log, 'task run')).toEqual([])
    // An empty env asks for nothing Bolt cannot do.
    const run = await capstan.invoke('task.execute', { targets: 'local1', task: 'sdkdemo::greet', params: { name: 'Bob', times: 2 }, env: {} })
    expect((await run.result).status).toBe('success')
    expect(runsOf(log, 'task run').map((e) => e.case)).toEqual(['task_run_greet_params'])
  })
})
