export { quoteWord, quoteArgv, quoteEnvAssignments, withEnv } from './shell-quote.js'
export { runRemote, wrapRemoteCommand, type RemoteCommand, type RunRemoteOptions } from './remote-command.js'
