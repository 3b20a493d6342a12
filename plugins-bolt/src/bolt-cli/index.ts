export {
  commandArgv,
  scriptArgv,
  taskArgv,
  taskShowArgv,
  inventoryShowArgv,
  groupShowArgv,
  versionArgv,
  type BoltProjectArgs,
  type BoltRunArgs,
  type CommandArgs,
  type ScriptArgs,
  type TaskArgs,
  type InventoryShowArgs,
  type TargetEnv,
} from './bolt-argv.js'
export { argvSecrets } from './argv-secrets.js'
export { boltVersion, runBoltJson, type BoltJsonCall } from './run-bolt-json.js'
export { StreamLineParser, type StreamLine, type DocumentText, type StreamLineItem } from './stream-line-parser.js'
export { parseBoltResult, type BoltOutput, type ParsedBoltResult } from './parse-bolt-result.js'
export { parseBoltOutput, type BoltOutputContext } from './parse-bolt-output.js'
export { toBoltItem, toBoltError, isRecord, type BoltItem, type BoltError } from './bolt-item.js'
export { stripAnsi } from './strip-ansi.js'
export { redactSecrets, REDACTED, MIN_REDACTED_LENGTH } from './redact-secrets.js'
export { outputExcerpt, EXCERPT_LINES, EXCERPT_CHARS } from './output-excerpt.js'
