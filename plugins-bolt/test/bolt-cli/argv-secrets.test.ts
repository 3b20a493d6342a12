import { describe, expect, it } from 'vitest'
import { argvSecrets } from '../../src/bolt-cli/argv-secrets.js'
import { commandArgv, taskArgv } from '../../src/bolt-cli/bolt-argv.js'

describe('argvSecrets', () => {
  it('collects --env-var values (not names)', () => {
    expect(argvSecrets(commandArgv({ projectDir: '/p', command: 'true', targets: ['a'], env: { TOKEN: 'abc=def', EMPTY: '' } }))).toEqual(['abc=def'])
  })

  it('collects every string of --params, at any depth', () => {
    expect(argvSecrets(taskArgv({ projectDir: '/p', task: 't', targets: ['a'], params: { password: 'hunter22', n: 3, nested: { keys: ['k1', { x: 'k2' }] } } }))).toEqual([
      'hunter22',
      'k1',
      'k2',
    ])
  })

  it('takes a --params value that is not JSON whole', () => {
    expect(argvSecrets(['task', 'run', 't', '--params', 'oops'])).toEqual(['oops'])
  })
})
