/**
 * What the fan-out bench needs around its measurements: the sshd of
 * test/infra/start-sshd.sh (checked, with a clear message when it is not
 * there), the generated ssh_config and Ansible inventory that map 100 node
 * names onto it, and a spawn timed from `spawn` to exit.
 */
import { spawn } from 'node:child_process'
import { access, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { infraEnv, tcpAnswers } from '@capstan/test-support/infra-env'

const startHint = 'run `bash test/infra/start-sshd.sh` (as root; .ci/run installs test/infra/packages.txt first) to start it'

/** The sshd the bench connects to, as test/infra/.env records it. */
export interface FanoutInfra {
  host: string
  port: number
  user: string
  /** Private key authorized for `user`. */
  key: string
  /** known_hosts with the server's `[host]:port` entry. */
  knownHosts: string
}

/**
 * The sshd of test/infra/start-sshd.sh, checked: its keys readable, its port
 * answering, and `ssh` and `xargs` installed (`ansible`: {@link requireAnsible}).
 * @throws Error naming what is missing and how to start it.
 */
export async function fanoutInfra(): Promise<FanoutInfra> {
  const env = infraEnv()
  const { SSH_HOST: host, SSH_PORT: port, SSH_USER: user, SSH_KEY: key, SSH_KNOWN_HOSTS: knownHosts } = env
  if (host === undefined || port === undefined || user === undefined || key === undefined || knownHosts === undefined) {
    throw new Error(`the fan-out bench needs the test sshd, and test/infra/.env names none (SSH_HOST, SSH_PORT, SSH_USER, SSH_KEY, SSH_KNOWN_HOSTS): ${startHint}`)
  }
  for (const [name, path] of [['SSH_KEY', key], ['SSH_KNOWN_HOSTS', knownHosts]] as const) {
    try {
      await access(path)
    } catch {
      throw new Error(`${name} ${path} (test/infra/.env) cannot be read: ${startHint}`)
    }
  }
  if (!(await tcpAnswers(host, Number(port)))) throw new Error(`no sshd answers on ${host}:${port}: ${startHint}`)
  await requireProgram('ssh', ['-V'], 'openssh-client')
  await requireProgram('xargs', ['--version'], 'findutils')
  // ansible is checked by requireAnsible, once its environment (a home of its own) exists.
  return { host, port: Number(port), user, key, knownHosts }
}

/** Checks `ansible --version` runs, in the environment the bench runs Ansible with (so it creates no ~/.ansible). */
export function requireAnsible(env: NodeJS.ProcessEnv): Promise<void> {
  return requireProgram('ansible', ['--version'], 'ansible-core', env)
}

async function requireProgram(command: string, args: string[], debianPackage: string, env?: NodeJS.ProcessEnv): Promise<void> {
  try {
    const run = await timedSpawn(command, args, { timeoutMs: 30_000, ...(env === undefined ? {} : { env }) })
    if (run.code !== 0) throw new Error(`exit ${run.code ?? run.signal}: ${run.stderr.trim()}`)
  } catch (error) {
    throw new Error(
      `the fan-out bench runs \`${command}\`, which does not work here (${error instanceof Error ? error.message : String(error)}): install ${debianPackage} (listed in test/infra/packages.txt; .ci/run installs it); the bench also needs the test sshd (\`bash test/infra/start-sshd.sh\`)`,
    )
  }
}

/** node001 … nodeNNN. */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node${String(i + 1).padStart(3, '0')}`)
}

/** Files generated in the bench's temporary directory. */
export interface FanoutFiles {
  /** `Host nodeNNN` / HostName / Port / User / IdentityFile, one block per name. */
  sshConfig: string
  /** INI inventory: one line per name with ansible_host, ansible_port, ansible_user, ansible_ssh_private_key_file. */
  inventory: string
  /** An empty ansible.cfg, so no ansible.cfg of the working directory or home applies. */
  ansibleConfig: string
  /** Ansible's local temporary directory and home, inside the bench's directory. */
  ansibleHome: string
}

/** Writes the ssh_config and the Ansible inventory that map `names` onto the one sshd. */
export async function writeFanoutFiles(dir: string, infra: FanoutInfra, names: readonly string[]): Promise<FanoutFiles> {
  const files: FanoutFiles = {
    sshConfig: join(dir, 'ssh_config'),
    inventory: join(dir, 'inventory.ini'),
    ansibleConfig: join(dir, 'ansible.cfg'),
    ansibleHome: join(dir, 'ansible-home'),
  }
  await writeFile(files.sshConfig, names.map((name) => `Host ${name}\n  HostName ${infra.host}\n  Port ${infra.port}\n  User ${infra.user}\n  IdentityFile ${infra.key}\n`).join('\n'))
  await writeFile(
    files.inventory,
    ['[all]', ...names.map((name) => `${name} ansible_host=${infra.host} ansible_port=${infra.port} ansible_user=${infra.user} ansible_ssh_private_key_file=${infra.key}`), ''].join('\n'),
  )
  await writeFile(files.ansibleConfig, '')
  await mkdir(files.ansibleHome)
  return files
}

/**
 * Ansible's environment for the bench: ControlMaster off, host keys checked
 * against the sshd's known_hosts without writing to ~/.ssh, no cowsay, no
 * retry files, an empty ansible.cfg and a home of its own in the bench's
 * directory, and the target's /usr/bin/python3 without interpreter discovery.
 */
export function ansibleEnv(infra: FanoutInfra, files: FanoutFiles): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ANSIBLE_CONFIG: files.ansibleConfig,
    ANSIBLE_HOME: files.ansibleHome,
    ANSIBLE_LOCAL_TEMP: join(files.ansibleHome, 'tmp'),
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_SSH_ARGS: `-o ControlMaster=no -o UserKnownHostsFile=${infra.knownHosts}`,
    ANSIBLE_NOCOWS: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_NOCOLOR: '1',
  }
}

/** How a timed process ended. */
export interface TimedRun {
  /** From just before `spawn` to the process's exit, in ms. */
  ms: number
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Options of {@link timedSpawn}. */
export interface TimedSpawnOptions {
  /** Written to the process's stdin, which is then closed (at once without it). */
  input?: string
  /** The whole environment of the process (default: this process's). */
  env?: NodeJS.ProcessEnv
  /** Working directory (default: this process's). */
  cwd?: string
  /** The process is killed (SIGTERM) after this long. */
  timeoutMs: number
}

/**
 * Runs `command` and times it from just before `spawn` to its `exit` (the
 * whole process: start-up, work and shutdown). Rejects only when it cannot
 * be started; a non-zero exit is the caller's to judge.
 */
export function timedSpawn(command: string, args: readonly string[], options: TimedSpawnOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let exitedAt = 0
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      timeout: options.timeoutMs,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.once('error', reject)
    child.once('exit', () => (exitedAt = performance.now()))
    child.once('close', (code, signal) => resolve({ ms: (exitedAt || performance.now()) - started, code, signal, stdout, stderr }))
    // A process that exits without reading its stdin (ssh -V) must not turn into an EPIPE crash here.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}

/** What bench/fanout-worker.ts measured inside its process, ms. */
export interface FanoutSample {
  /** From process start to the imports loaded (Node, then the built Capstan and plugin modules). */
  loadMs: number
  /** `createCapstan` with the SSH plugin, its initialisation (ssh_config, key, known_hosts) included. */
  createMs: number
  /** The first `execute` on all nodes, over new connections, to `run.result`. */
  coldExecMs: number
  /** The second `execute` on the same nodes, over the pooled connections. */
  warmExecMs: number
  /** `capstan.close()` (the pool's connections closed). */
  closeMs: number
  /** From process start to the cold run's result: what a one-shot CLI run would take, less its shutdown. */
  processToColdMs: number
  /** Nodes that ended `success` with exit 0, per run. */
  coldOk: number
  warmOk: number
  /** Node process warnings the worker saw, each with its count. */
  warnings: string[]
}
