import type { BasePlugin } from 'capstan'
import { testPlugin, type TestPluginSpec } from 'capstan/testing'

/** A remote-execution test plugin: `testPlugin` with its integration type set. */
export function executionPlugin(spec: Omit<TestPluginSpec, 'integrationTypes'>): BasePlugin {
  return testPlugin({ integrationTypes: ['remote-execution'], ...spec })
}
