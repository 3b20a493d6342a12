/**
 * `@capstan/plugin-ssh`: Capstan's own SSH transport, with nothing but Node
 * and ssh2. {@link sshPlugin} gives inventory (ssh_config and host lists),
 * facts, streamed commands and scripts, and packages; the building blocks
 * (pooled connections with known_hosts checking, remote commands killed as a
 * process group, ssh_config parsing) are exported for direct use.
 *
 * @module \@capstan/plugin-ssh
 */
export { SshPlugin, sshPlugin } from './ssh-plugin.js'
export { SshPluginOptions, type ResolvedSshOptions } from './ssh-plugin-options.js'
export * from './connection/index.js'
export * from './errors/index.js'
export * from './remote-execution/index.js'
export * from './facts/index.js'
export * from './inventory/index.js'
export * from './packages/index.js'
