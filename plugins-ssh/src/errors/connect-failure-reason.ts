/** Why a connection could not be opened, as in the `reason` of a CapstanError's details. */
export type ConnectFailureReason =
  | 'connection-refused'
  | 'timeout'
  | 'network'
  | 'authentication-failed'
  | 'private-key-unusable'
  | 'host-key-mismatch'
  | 'host-key-unknown'
  | 'host-key-revoked'
  | 'forwarding-refused'
  | 'cancelled'
