import { describe, expect, it } from 'vitest'
import { thrownBy } from '@capstan/test-support/errors'
import { commandArgv, groupShowArgv, inventoryShowArgv, scriptArgv, taskArgv, taskShowArgv, versionArgv } from '../../src/bolt-cli/bolt-argv.js'

const project = { projectDir: '/srv/bolt-project' }
const tail = ['--stream', '--format', 'json', '--project', '/srv/bolt-project']

describe('commandArgv', () => {
  it('puts the command in one entry and the targets in one --targets', () => {
    expect(commandArgv({ ...project, command: 'uname -a', targets: ['ssh1', 'ssh2', 'local1', 'localhost'] })).toEqual([
      'command', 'run', 'uname -a', '--targets', 'ssh1,ssh2,local1,localhost', ...tail,
    ])
  })

  it('never splits or quotes a command: shell syntax stays data for the target\'s shell', () => {
    const command = `if [ -n "$SSH_CONNECTION" ]; then echo 'ok'; fi; echo $(id -u) && rm -rf "/tmp/a b"`
    expect(commandArgv({ ...project, command, targets: ['ssh1'] })[2]).toBe(command)
  })

  it('sends env as --env-var K=V, values with = and spaces intact, and every run option', () => {
    expect(
      commandArgv({
        ...project,
        command: 'echo "FOO=$FOO"',
        targets: ['local1'],
        env: { FOO: 'bar', URL: 'a=b c' },
        inventoryFile: '/etc/bolt/inventory.yaml',
        concurrency: 5,
        connectTimeoutMs: 1_500,
        runAs: 'root',
      }),
    ).toEqual([
      'command', 'run', 'echo "FOO=$FOO"', '--targets', 'local1', '--env-var', 'FOO=bar', '--env-var', 'URL=a=b c', ...tail,
      '--inventoryfile', '/etc/bolt/inventory.yaml', '--concurrency', '5', '--connect-timeout', '2', '--run-as', 'root',
    ])
  })

  it('rounds the connect timeout up to whole seconds, at least one', () => {
    expect(commandArgv({ ...project, command: 'true', targets: ['a'], connectTimeoutMs: 1 })).toContain('1')
    expect(commandArgv({ ...project, command: 'true', targets: ['a'], connectTimeoutMs: 10_000 }).slice(-2)).toEqual(['--connect-timeout', '10'])
  })

  it('ends the options with -- when the command starts with -, so Bolt does not read it as an option', () => {
    expect(commandArgv({ ...project, command: '-x', targets: ['a'] })).toEqual(['command', 'run', '--targets', 'a', ...tail, '--', '-x'])
  })

  it('accepts URIs and names with dots, colons, @ and / as targets', () => {
    expect(commandArgv({ ...project, command: 'true', targets: ['ssh://root@127.0.0.1:2222', 'web01.example.com', 'winrm://winhost'] })[4]).toBe(
      'ssh://root@127.0.0.1:2222,web01.example.com,winrm://winhost',
    )
  })

  it('refuses target lists Bolt would misread, naming each bad entry', () => {
    const error = thrownBy(() => commandArgv({ ...project, command: 'true', targets: ['a,b', '@targets.txt', '-', ''] }))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details.issues).toEqual([
      { path: 'targets[0]', message: '"a,b" contains a comma, which separates targets on Bolt\'s command line' },
      { path: 'targets[1]', message: '"@targets.txt" would be read by Bolt as a file or stdin to load targets from' },
      { path: 'targets[2]', message: '"-" would be read by Bolt as a file or stdin to load targets from' },
      { path: 'targets[3]', message: '"" is empty' },
    ])
    expect(thrownBy(() => commandArgv({ ...project, command: 'true', targets: [] })).details.issues).toEqual([{ path: 'targets', message: 'at least one target is needed' }])
  })

  it('refuses environment names Bolt would split wrongly, without quoting the values', () => {
    const error = thrownBy(() => commandArgv({ ...project, command: 'true', targets: ['a'], env: { 'A=B': 'secret-value', '': 'x' } }))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details.issues).toEqual([
      { path: 'env["A=B"]', message: 'an environment variable name must be non-empty and must not contain "="' },
      { path: 'env[""]', message: 'an environment variable name must be non-empty and must not contain "="' },
    ])
    expect(error.message).not.toContain('secret-value')
  })
})

describe('scriptArgv', () => {
  it('passes each script argument as its own entry', () => {
    expect(scriptArgv({ ...project, script: 'project/scripts/demo.sh', args: ['a', 'b', 'c d'], targets: ['ssh1', 'local1'] })).toEqual([
      'script', 'run', 'project/scripts/demo.sh', 'a', 'b', 'c d', '--targets', 'ssh1,local1', ...tail,
    ])
  })

  it('sends env as --env-var', () => {
    expect(scriptArgv({ ...project, script: 's.sh', args: ['x'], targets: ['ssh1'], env: { EXIT_WITH: '4' } })).toEqual([
      'script', 'run', 's.sh', 'x', '--targets', 'ssh1', '--env-var', 'EXIT_WITH=4', ...tail,
    ])
  })

  it('puts arguments that look like options after --', () => {
    expect(scriptArgv({ ...project, script: 's.sh', args: ['--verbose', '-n', '1'], targets: ['a'] })).toEqual([
      'script', 'run', '--targets', 'a', ...tail, '--', 's.sh', '--verbose', '-n', '1',
    ])
  })
})

describe('taskArgv', () => {
  it('sends the parameters as one JSON --params, types kept', () => {
    expect(taskArgv({ ...project, task: 'sdkdemo::greet', params: { name: 'Bob', times: 2, tags: ['a'], dry: false }, targets: ['local1'] })).toEqual([
      'task', 'run', 'sdkdemo::greet', '--targets', 'local1', '--params', '{"name":"Bob","times":2,"tags":["a"],"dry":false}', ...tail,
    ])
  })

  it('leaves --params out when there are none', () => {
    expect(taskArgv({ ...project, task: 'facts', targets: ['localhost', 'ssh1'] })).toEqual(['task', 'run', 'facts', '--targets', 'localhost,ssh1', ...tail])
    expect(taskArgv({ ...project, task: 'facts', params: {}, targets: ['a'] })).not.toContain('--params')
  })

  it('refuses parameters that are not JSON', () => {
    const error = thrownBy(() => taskArgv({ ...project, task: 't', params: { n: 1n }, targets: ['a'] }))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details.field).toBe('params')
  })
})

describe('the other calls', () => {
  it('task show, all or one', () => {
    expect(taskShowArgv(project)).toEqual(['task', 'show', '--format', 'json', '--project', '/srv/bolt-project'])
    expect(taskShowArgv(project, 'sdkdemo::greet')).toEqual(['task', 'show', 'sdkdemo::greet', '--format', 'json', '--project', '/srv/bolt-project'])
  })

  it('inventory show, plain, detailed, filtered, with an inventory file', () => {
    expect(inventoryShowArgv({ ...project, detail: false })).toEqual(['inventory', 'show', '--format', 'json', '--project', '/srv/bolt-project'])
    expect(inventoryShowArgv({ ...project, detail: true, targets: ['sshnodes', 'local1'], inventoryFile: 'inv.yaml' })).toEqual([
      'inventory', 'show', '--targets', 'sshnodes,local1', '--format', 'json', '--detail', '--project', '/srv/bolt-project', '--inventoryfile', 'inv.yaml',
    ])
  })

  it('group show and --version', () => {
    expect(groupShowArgv(project)).toEqual(['group', 'show', '--format', 'json', '--project', '/srv/bolt-project'])
    expect(versionArgv()).toEqual(['--version'])
  })
})
