// The two sshd of test/infra/start-sshd.sh, which the SSH plugin's suites and
// the core's CLI suites log in to: whether test/infra/.env (or the
// environment) names them, and that they answer there.
import { infraEnv } from './infra-env.js'
import { requirement, type ServiceCheck } from './requirement.js'
import { infraService } from './service-requirement.js'

const env = infraEnv()

/** How to start the servers, as a skip reason says it. */
export const startSshd = 'start it: bash test/infra/start-sshd.sh'

/** Both servers answer, at the ports test/infra/.env records (suites use both). */
export const sshdServices: ServiceCheck[] = [
  infraService('sshd', { host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_PORT ?? 2222) }, 'SSH_PORT', startSshd),
  infraService('the second sshd', { host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_OTHER_PORT ?? 2223) }, 'SSH_OTHER_PORT', startSshd),
]

/** The sshd of test/infra/start-sshd.sh, as test/infra/.env records it, answering. */
export const sshdRunning = requirement(
  env.SSH_HOST !== undefined && env.SSH_KEY !== undefined && env.SSH_INFRA !== undefined,
  `sshd not running: no SSH_HOST, SSH_KEY or SSH_INFRA in test/infra/.env or the environment (${startSshd})`,
  sshdServices,
)
