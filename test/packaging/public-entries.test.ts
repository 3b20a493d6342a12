// The root entry is what an application needs; a plugin author's helpers live
// in `capstan/plugin-kit`. The two share no name, and the root's list is
// written out here so that growing it is a decision, not an accident.
import * as root from 'capstan'
import * as kit from 'capstan/plugin-kit'
import * as testing from 'capstan/testing'
import { describe, expect, it } from 'vitest'

const rootNames = [
  'Alert', 'AlertSeverity', 'AlertState', 'BasePlugin', 'CORE_VERSION', 'CapabilityMetrics', 'CapabilityPattern', 'Capstan',
  'CapstanError', 'ConflictRecord', 'Deployment', 'DeploymentStatus', 'EventQuery', 'Execution', 'ExecutionEvent',
  'ExecutionResult', 'ExecutionStatus', 'FactCondition', 'Facts', 'IdentityConflict', 'IntegrationType', 'FileJournalStoreOptions', 'JournalAddInput', 'JournalEntry', 'JournalFollow', 'JournalKind', 'JournalQuery', 'JsonRecord',
  'LocalPlugin', 'LocalPluginOptions', 'MemoryExecutionStore', 'MemoryJournalStore', 'Node', 'NodeError', 'NodeEvent', 'NodeFacts', 'NodeFilter', 'NodeGroup',
  'NodePackages', 'NodePattern', 'NodeResult', 'NodeStatus', 'PackageInfo', 'PluginLoader', 'PluginManifest',
  'PluginMetadata', 'PluginName', 'Policy', 'PolicyRule', 'ProvisionedResource', 'ProvisionedResourceStatus', 'Report',
  'ReportLog', 'ReportMetric', 'ReportQuery', 'ReportStatus', 'ResourceEvent', 'ResourceEventStatus', 'RolePolicy', 'RolloutProgress',
  'SourceNode', 'SourceOutcome', 'TargetFilter', 'TargetSpec', 'TaskInfo', 'TaskParameter', 'alertsCapabilities', 'capabilityCatalog',
  'checkPermission', 'compilePolicy', 'coreJournalKinds', 'createCapstan', 'createSilentLogger', 'openFileJournalStore', 'defineCapability', 'defineCapabilityType', 'deploymentCapabilities',
  'errorCatalog', 'errorCodes', 'eventsCapabilities', 'executionStatusOf', 'factsCapabilities', 'getCapability',
  'httpStatusOf', 'inputLimits', 'inventoryCapabilities', 'isCapabilityType', 'isCapstanError', 'isExecutionCapability', 'isPlugin', 'journalCapabilities', 'localPlugin', 'packagesCapabilities',
  'pluginMetadata', 'policyFromManifests', 'provisioningCapabilities', 'remoteExecutionCapabilities', 'reportsCapabilities', 'toCapstanError',
  'validatePolicy',
]

describe('public entries', () => {
  it('capstan exports exactly the names an application needs', () => {
    expect(Object.keys(root).sort()).toEqual([...rootNames].sort())
  })

  it('capstan/plugin-kit holds the plugin helpers the root used to leak, and shares no name with the root', () => {
    const kitNames = Object.keys(kit)
    for (const helper of ['formatIpv6Groups', 'killProcessGroup', 'runProcess', 'configError', 'retry', 'CircuitBreaker', 'TtlCache', 'linkNodes']) {
      expect(kitNames).toContain(helper)
      expect(Object.keys(root)).not.toContain(helper)
    }
    expect(kitNames.filter((name) => Object.hasOwn(root, name))).toEqual([])
  })

  it('capstan/testing shares no name with the other entries', () => {
    const names = Object.keys(testing)
    expect(names.length).toBeGreaterThan(0)
    expect(names.filter((name) => Object.hasOwn(root, name) || Object.hasOwn(kit, name))).toEqual([])
  })

  it('an error the kit builds is the root\'s CapstanError', () => {
    expect(kit.permissionDenied(undefined, 'command.execute')).toBeInstanceOf(root.CapstanError)
  })
})
