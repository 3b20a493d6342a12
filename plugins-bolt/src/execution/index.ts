export type { BoltExecutionOptions } from './bolt-execution-options.js'
export { runBoltExecution } from './run-bolt-execution.js'
export { STDERR_KEPT_CHARS } from './bolt-run.js'
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
