import { z } from 'zod'
import { ExplicitHosts } from './inventory/explicit-hosts.js'

const Port = z.number().int().min(1).max(65535)
const Ms = z.number().int().nonnegative()

/** Options of {@link sshPlugin}, checked when the plugin is created. */
export const SshPluginOptions = z
  .strictObject({
    /** Hosts to manage: `[user@]host[:port]` strings or `{ name, host?, port?, user?, groups?, vars? }`. */
    hosts: ExplicitHosts.optional().describe('Hosts: "[user@]host[:port]" or { name, host, port, user, groups, vars }'),
    /** An OpenSSH client config file; each concrete `Host` alias is a node, wildcard blocks apply as defaults. */
    sshConfig: z.string().min(1).optional().describe('ssh_config file whose Host entries are nodes'),
    /** Login user when neither the host entry nor ssh_config names one (default: the user running Node). */
    user: z.string().min(1).optional().describe('Default login user'),
    /** A private key as text (OpenSSH or PEM). Never logged. */
    privateKey: z.string().min(1).optional().describe('Private key text'),
    /** Path of a private key file, read when the plugin starts. */
    privateKeyPath: z.string().min(1).optional().describe('Private key file'),
    /** Passphrase of an encrypted key. Never logged. */
    passphrase: z.string().optional().describe('Passphrase of the private key'),
    /** An ssh-agent socket path (usually `process.env.SSH_AUTH_SOCK`). */
    agent: z.string().min(1).optional().describe('ssh-agent socket path'),
    /** OpenSSH known_hosts file the host keys are checked against (default `~/.ssh/known_hosts`). */
    knownHosts: z.string().min(1).optional().describe('known_hosts file'),
    /** True (default): a host not in known_hosts is refused. A changed key is refused either way. */
    strictHostKeyChecking: z.boolean().default(true).describe('Refuse hosts missing from known_hosts'),
    /**
     * Host keys of ad-hoc targets (a uri such as `ssh://user@10.0.0.5:22` that no
     * inventory knows): `strict` (default) refuses a host missing from known_hosts,
     * whatever `strictHostKeyChecking` says; `accept-new` accepts it the first
     * time and holds it to that key while the plugin runs (nothing is written to
     * known_hosts). A host whose known_hosts entry lists another key is refused either way.
     */
    adHocHostKeys: z.enum(['strict', 'accept-new']).default('strict').describe('Host keys of uri targets: strict (known_hosts only) or accept-new'),
    /** Port when neither the host entry nor ssh_config names one (default 22). */
    port: Port.optional().describe('Default port'),
    /** Limit on TCP connect, handshake and authentication together, jump hosts included (default 10 s). */
    connectTimeoutMs: z.number().int().positive().default(10_000).describe('Connect and authenticate within, in ms'),
    /** SSH keepalive interval; three unanswered keepalives drop the connection (default 15 s, 0 turns it off). */
    keepaliveIntervalMs: Ms.default(15_000).describe('Keepalive interval, in ms'),
    /** Connection reuse between executions. */
    pool: z
      .strictObject({
        /** Connections to one user@host:port at once (default 4). */
        maxPerHost: z.number().int().positive().default(4),
        /** Connections in all (default 256). */
        maxTotal: z.number().int().positive().default(256),
        /** An idle connection is closed after this long (default 30 s). */
        idleMs: Ms.default(30_000),
      })
      .prefault({})
      .describe('Connection pool limits'),
    /** sudo for `runAs` and package changes; the password is fed on sudo's prompt, never on a command line. */
    sudo: z.strictObject({ password: z.string().optional() }).optional().describe('sudo settings'),
    /** Nodes per batch the execution engine hands the plugin (default 100). */
    batchSize: z.number().int().positive().default(100).describe('Nodes per batch'),
    /** Time limit of facts and package queries, in ms (default 60 s). */
    queryTimeoutMs: z.number().int().positive().default(60_000).describe('Time limit of facts and package queries, in ms'),
    /** Grace between TERM and KILL when a remote command is stopped (default: the host's killGraceMs). */
    killGraceMs: Ms.optional().describe('Grace between TERM and KILL, in ms'),
    /** Plugin name (default `ssh`). */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('ssh').describe('Plugin name'),
  })
  .superRefine((options, ctx) => {
    if (options.privateKey !== undefined && options.privateKeyPath !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['privateKeyPath'], message: 'give privateKey or privateKeyPath, not both' })
    }
    if (options.hosts === undefined && options.sshConfig === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hosts'], message: 'give hosts, sshConfig or both: the plugin needs to know which nodes it manages' })
    }
  })

/** Options of {@link sshPlugin}, as a caller writes them. */
export type SshPluginOptions = z.input<typeof SshPluginOptions>
/** Options after defaults. */
export type ResolvedSshOptions = z.output<typeof SshPluginOptions>
