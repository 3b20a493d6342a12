/** What to run on one node. */
export interface RemoteCommand {
  /** A shell command line, run by the server's `/bin/sh -c`. */
  command: string
  /**
   * Variables set for the command. They travel on the channel's standard
   * input ahead of `stdin`, never on a command line, where every user of the
   * server could read them (sshd usually refuses SSH env requests anyway).
   */
  env?: Readonly<Record<string, string>> | undefined
  /** Directory to run in; the login directory when absent. */
  cwd?: string | undefined
  /** Written to the command's standard input, which is then closed. Closed at once when absent. */
  stdin?: string | undefined
}
