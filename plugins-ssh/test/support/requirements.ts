// What the SSH plugin's integration suites need of this machine, each with
// what to do when it is missing (see test/support/requirement.ts).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { requirement } from '../../../test/support/requirement.js'
import { infraEnv } from '../../../test/support/infra-env.js'
import { infraService } from '../../../test/support/service-requirement.js'
import { canBuildDebs } from './test-deb.js'

const env = infraEnv()
const start = 'start it: bash test/infra/start-sshd.sh'

const mainPort = Number(env.SSH_PORT ?? 2222)
const otherPort = Number(env.SSH_OTHER_PORT ?? 2223)
/** Both sshd of test/infra/start-sshd.sh answer (suites use both ports). */
const serversAnswer = [
  infraService('sshd', { host: env.SSH_HOST ?? '127.0.0.1', port: mainPort }, 'SSH_PORT', start),
  infraService('the second sshd', { host: env.SSH_HOST ?? '127.0.0.1', port: otherPort }, 'SSH_OTHER_PORT', start),
]

/** The sshd of test/infra/start-sshd.sh, as test/infra/.env records it, answering. */
export const sshdRunning = requirement(
  env.SSH_HOST !== undefined && env.SSH_KEY !== undefined && env.SSH_INFRA !== undefined,
  `sshd not running: no SSH_HOST, SSH_KEY or SSH_INFRA in test/infra/.env or the environment (${start})`,
  serversAnswer,
)

/** Both servers at the addresses the plugin's README example names, answering. */
export const readmeServers = requirement(
  env.SSH_INFRA === '/tmp/capstan-infra/sshd' && env.SSH_PORT === '2222' && env.SSH_OTHER_PORT === '2223' && existsSync('/tmp/capstan-infra/sshd/client'),
  `the README example's servers (127.0.0.1:2222 and :2223, keys in /tmp/capstan-infra/sshd) not set up (${start})`,
  serversAnswer,
)

/** Root, to start a jump sshd or read other users' sockets with `ss -tnp`. */
export const runningAsRoot = requirement(process.getuid?.() === 0, 'needs root (sshd processes and ports of other users)')

/** ssh-agent and ssh-add (openssh-client). */
export const sshAgent = requirement(
  ['ssh-agent', 'ssh-add'].every((tool) => spawnSync('which', [tool], { stdio: 'ignore' }).status === 0),
  'ssh-agent or ssh-add not installed (openssh-client)',
)

/** dpkg-deb, to build the test package (a Debian host). */
export const debianPackaging = requirement(canBuildDebs(), 'dpkg-deb not installed: the package tests build a .deb (a Debian host)')

/** The OpenSSH client, whose `ssh -G` is the oracle of the ssh_config tests. */
export const sshClient = requirement(spawnSync('ssh', ['-V'], { stdio: 'ignore' }).status === 0, 'the OpenSSH client (ssh) not installed (apt-get install openssh-client)')
