import { dirname } from 'node:path'
import type { Capstan } from '../../capstan.js'
import type { CliIo } from '../cli-io.js'
import { findConfig, readConfig } from '../config/index.js'
import type { GlobalFlags } from '../global-flags.js'

/**
 * The Capstan instance a command runs on: from the configuration file
 * (`--config`, or capstan.config.* found upward from the working directory),
 * or the built-in local plugin alone when there is none. The runtime is
 * imported here, lazily, so help and usage errors never load it.
 */
export async function openCapstan(io: CliIo, globals: GlobalFlags): Promise<Capstan> {
  const path = await findConfig(io.cwd, globals.config)
  const config = path === undefined ? undefined : await readConfig(path)
  const { createCapstanFromConfig } = await import('../config/create-capstan-from-config.js')
  return createCapstanFromConfig(config, path === undefined ? io.cwd : dirname(path))
}
