// What the SSH plugin's integration suites need of this machine, each with
// what to do when it is missing (see @capstan/test-support/requirement).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { infraEnv } from '@capstan/test-support/infra-env'
import { requirement } from '@capstan/test-support/requirement'
import { sshdServices, startSshd } from '@capstan/test-support/sshd'

export { sshdRunning } from '@capstan/test-support/sshd'

const env = infraEnv()

/** Both servers at the addresses the plugin's README example names, answering. */
export const readmeServers = requirement(
  env.SSH_INFRA === '/tmp/capstan-infra/sshd' && env.SSH_PORT === '2222' && env.SSH_OTHER_PORT === '2223' && existsSync('/tmp/capstan-infra/sshd/client'),
  `the README example's servers (127.0.0.1:2222 and :2223, keys in /tmp/capstan-infra/sshd) not set up (${startSshd})`,
  sshdServices,
)

/** Root, to start a jump sshd or read other users' sockets with `ss -tnp`. */
export const runningAsRoot = requirement(process.getuid?.() === 0, 'needs root (sshd processes and ports of other users)')

/** ssh-agent and ssh-add (openssh-client). */
export const sshAgent = requirement(
  ['ssh-agent', 'ssh-add'].every((tool) => spawnSync('which', [tool], { stdio: 'ignore' }).status === 0),
  'ssh-agent or ssh-add not installed (openssh-client)',
)

export { debianPackaging } from '@capstan/test-support/test-deb'

/** The OpenSSH client, whose `ssh -G` is the oracle of the ssh_config tests. */
export const sshClient = requirement(spawnSync('ssh', ['-V'], { stdio: 'ignore' }).status === 0, 'the OpenSSH client (ssh) not installed (apt-get install openssh-client)')
