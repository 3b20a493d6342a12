// The SSH plugin through the conformance kit, against the real OpenSSH server
// of test/infra/start-sshd.sh: a node named in a generated ssh_config, facts,
// commands, scripts and package queries over real connections.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { assertConformance } from 'capstan/testing'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { sshPlugin } from '../../src/index.js'
import { sshdRunning } from '../support/requirements.js'

const env = infraEnv()
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url))
/** Changes the node: the package tests install and remove a test .deb (packages.integration.test.ts). */
const CHANGES_THE_NODE = 'changes packages on the node: packages.integration.test.ts covers it with a test .deb'

const suite = needs(sshdRunning)

suite.describe('the SSH plugin against OpenSSH', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-ssh-conformance-'))
    writeFileSync(join(dir, 'ssh_config'), ['Host main', '  HostName 127.0.0.1', `  Port ${env.SSH_PORT ?? 2222}`, `  User ${env.SSH_USER ?? 'capstan'}`, ''].join('\n'))
    writeFileSync(join(dir, 'hello.sh'), '#!/bin/sh\necho "hello $1"\n')
    chmodSync(join(dir, 'hello.sh'), 0o755)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  suite.it('passes the conformance kit', { timeout: 120_000 }, async () => {
    await assertConformance({
      plugin: () => sshPlugin({ sshConfig: join(dir, 'ssh_config'), privateKeyPath: env.SSH_KEY as string, knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'), connectTimeoutMs: 5_000 }),
      packageDir: PACKAGE_DIR,
      inputs: {
        'info.facts': { node: 'main' },
        'command.execute': { targets: 'main', command: 'echo hi' },
        'script.execute': { targets: 'main', script: join(dir, 'hello.sh'), args: ['conformance'] },
        'package.list': { targets: 'main', filter: 'bash' },
        'package.search': { targets: 'main', query: 'bash', limit: 5 },
      },
      abortInputs: { 'command.execute': { targets: 'main', command: 'sleep 30' } },
      skip: {
        'output-schema': { 'package.install': CHANGES_THE_NODE, 'package.uninstall': CHANGES_THE_NODE, 'package.update': CHANGES_THE_NODE },
        abort: { 'package.install': CHANGES_THE_NODE, 'package.uninstall': CHANGES_THE_NODE, 'package.update': CHANGES_THE_NODE },
      },
      timeoutMs: 15_000,
    })
  })
})
