import { dirname } from 'node:path'
import type { Capstan } from '../../capstan.js'
import type { CliIo } from '../cli-io.js'
import { findConfig, readConfig } from '../config/index.js'
import type { GlobalFlags } from '../global-flags.js'
import { colorEnabled, createStyle, renderStartFailures } from '../render/index.js'

/**
 * The Capstan instance a command runs on: from the configuration file
 * (`--config`, or capstan.config.* found upward from the working directory),
 * or the built-in local plugin alone when there is none. The runtime is
 * imported here, lazily, so help and usage errors never load it.
 *
 * A plugin that failed to start is said once, on stderr, before the
 * command prints anything: one line per plugin with its code and message.
 */
export async function openCapstan(io: CliIo, globals: GlobalFlags, command: { readsJournal?: boolean } = {}): Promise<Capstan> {
  const path = await findConfig(io.cwd, globals.config)
  const config = path === undefined ? undefined : await readConfig(path)
  const { createCapstanFromConfig } = await import('../config/create-capstan-from-config.js')
  const capstan = await createCapstanFromConfig(config, path === undefined ? io.cwd : dirname(path), io.cwd)
  const style = createStyle({ color: !globals.noColor && colorEnabled(io.stderr, io.env) })
  io.stderr.write(renderStartFailures(capstan.plugins(), style))
  // Without a directory, a journal command sees a journal that began with it: say so, not an empty list.
  if (command.readsJournal === true && config?.host?.journal === undefined) io.stderr.write(`${style.dim(JOURNAL_NOT_KEPT)}\n`)
  return capstan
}

/** What a journal command says when the configuration keeps no journal. */
export const JOURNAL_NOT_KEPT = 'note: no host.journal.dir in the configuration, so this journal ends with the command (see docs/cli.md)'
