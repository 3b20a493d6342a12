// Only what help and parsing need: finding, reading and inspecting the configuration.
// createCapstanFromConfig is imported from its own file, lazily, because it loads the runtime.
export { findConfig, CONFIG_FILE_NAMES } from './find-config.js'
export { readConfig } from './read-config.js'
export { pluginManifests, type ConfiguredManifest } from './plugin-manifests.js'
export type { CliConfig, CliPluginEntry, CliHostConfig } from './cli-config.js'
export type { ConfigFileIssue } from './config-file-error.js'
