export { resolveScriptRoots } from './resolve-script-roots.js'
export { scriptDefaults, type ScriptOptions } from './script-options.js'
export { scriptRefused } from './script-refused.js'
export { ScriptSources } from './script-sources.js'
