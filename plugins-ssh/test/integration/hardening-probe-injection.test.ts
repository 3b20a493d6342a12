// Hardening probe (issue 13): injection payloads in every field of an
// execution, through the SSH plugin against the real sshd, create nothing
// (see @capstan/test-support/injection-probe). The server is this machine, so the
// marker the remote user would create is checked here.
import { join } from 'node:path'
import type { Capstan } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { injectionProbe } from '@capstan/test-support/injection-probe'
import { needs } from '@capstan/test-support/requirement'
import { sshPlugin } from '../../src/index.js'
import { sshdRunning } from '../support/requirements.js'
import { sudoPassword } from '../support/ssh-test-client.js'

const env = infraEnv()

needs(sshdRunning).describe('hardening probe: injection payloads through the SSH plugin create nothing on the server', () => {
  let capstan: Capstan

  beforeAll(async () => {
    const plugin = sshPlugin({
      hosts: [{ name: 'main', host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_PORT ?? 2222), user: env.SSH_USER ?? 'capstan' }],
      privateKeyPath: env.SSH_KEY as string,
      knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'),
      // With the password, runAs payloads reach the server's sudo rather than stopping at the plugin.
      sudo: { password: sudoPassword() },
    })
    capstan = await createTestCapstan({ plugins: [plugin] })
  })

  afterAll(async () => {
    await capstan?.close()
  })

  injectionProbe(() => ({ capstan, node: 'main' }))
})
