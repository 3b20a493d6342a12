export { readSshConfigNodes, sshConfigNodes, type SshConfigNodesOptions } from './read-ssh-config.js'
export * from './ssh-config/index.js'
export {
  explicitHostNodes,
  groupsOf,
  ExplicitHosts,
  ExplicitHost,
  ExplicitHostObject,
  ExplicitHostString,
  type ExplicitHostEntry,
  type ExplicitHostsInput,
} from './explicit-hosts.js'
export { sshUri, isPort, DEFAULT_SSH_PORT, type SshNodeDefaults } from './ssh-uri.js'
