export { connectSsh, targetKey, type ConnectFailureReason, type SshTarget } from './connect.js'
export { ConnectionPool, MAX_CHANNELS_PER_LEASE, type ConnectionLease, type ConnectionPoolOptions, type ConnectionPoolStats } from './connection-pool.js'
export { hostKeyFingerprint, hostKeyType, parseKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.js'
