import { expectTypeOf, test } from 'vitest'
import type {
  AlertsFacade,
  CallInput,
  CapabilityHandlers,
  CapabilityId,
  Capstan,
  CommandFacade,
  DeploymentsFacade,
  EventsFacade,
  Execution,
  ExecuteOptions,
  ExecutionEvent,
  ExecutionRecord,
  ExecutionResult,
  ExecutionStore,
  ExecutionStoreFailure,
  ExecutionStoreHealth,
  FacadeMethod,
  FactsFacade,
  InventoryFacade,
  InvokeOptions,
  Node,
  NodeFacts,
  NodeGroup,
  PackagesFacade,
  ProvisioningFacade,
  ReadOptions,
  ReportsFacade,
  ResourceEvent,
  ResultOf,
  ScriptFacade,
  SourceOutcome,
  TaskFacade,
} from 'capstan'

declare const capstan: Capstan

test('invoke is typed by capability id', () => {
  expectTypeOf(capstan.invoke('inventory.list', {})).resolves.toHaveProperty('nodes').toEqualTypeOf<Node[]>()
  expectTypeOf(capstan.invoke('inventory.list', {})).resolves.toHaveProperty('sources').toEqualTypeOf<SourceOutcome[]>()
  expectTypeOf(capstan.invoke('info.facts', { node: 'web01' })).resolves.toEqualTypeOf<NodeFacts>()
  expectTypeOf(capstan.invoke('events.stream', {})).resolves.toEqualTypeOf<AsyncIterable<ResourceEvent>>()
})

test('invoke accepts known ids with their own input only; invokeUnchecked is the explicit escape hatch', () => {
  // @ts-expect-error: a typo in the id does not compile
  void capstan.invoke('inventory.lsit', {})
  // @ts-expect-error: node is a string
  void capstan.invoke('inventory.get', { node: 42 })
  // @ts-expect-error: inventory.get needs its input
  void capstan.invoke('inventory.get')
  // @ts-expect-error: an option the host does not know
  void capstan.invoke('inventory.list', {}, { rollout: { batch: 2 } })
  // An execution's options take a rollout, its batch a count or a percentage.
  void capstan.invoke('command.execute', { targets: 'all', command: 'true' }, { rollout: { batch: '25%', maxFailures: 1 } })
  void capstan.command.run({ targets: 'all', command: 'true' }, { rollout: { batch: 2, failFast: true } })
  // @ts-expect-error: a share is written with its percent sign
  void capstan.command.run({ targets: 'all', command: 'true' }, { rollout: { batch: 'quarter' } })
  const id: string = 'inventory.list'
  // @ts-expect-error: an id known only at run time goes through invokeUnchecked
  void capstan.invoke(id, {})
  expectTypeOf(capstan.invokeUnchecked(id, { anything: 1 })).resolves.toBeUnknown()
  expectTypeOf(capstan.invokeUnchecked('no.such')).resolves.toBeUnknown()
  expectTypeOf(capstan.invokeUnchecked).parameter(2).toEqualTypeOf<ExecuteOptions | undefined>()
})

test('facades take the capability input and return its result', () => {
  expectTypeOf(capstan.inventory.get).returns.resolves.toEqualTypeOf<Node>()
  expectTypeOf(capstan.inventory.groups).returns.resolves.toHaveProperty('groups').toEqualTypeOf<NodeGroup[]>()
  expectTypeOf(capstan.events.stream).returns.toEqualTypeOf<AsyncIterable<ResourceEvent>>()
  // @ts-expect-error: status must be one of changed, unchanged, failed
  void capstan.reports.query({ status: 'broken' })
  // @ts-expect-error: a filter's groups is a list
  void capstan.inventory.filter({ groups: 'web' })
})

/** Every facade method is the catalog's capability, `(input, options)`, with the catalog's input and result types. */
test('the capability-type facades are exactly their capabilities\' signatures', () => {
  expectTypeOf<ReportsFacade['list']>().toEqualTypeOf<FacadeMethod<'reports.list'>>()
  expectTypeOf<ReportsFacade['get']>().toEqualTypeOf<FacadeMethod<'reports.get'>>()
  expectTypeOf<ReportsFacade['query']>().toEqualTypeOf<FacadeMethod<'reports.query'>>()
  expectTypeOf<EventsFacade['list']>().toEqualTypeOf<FacadeMethod<'events.list'>>()
  expectTypeOf<EventsFacade['query']>().toEqualTypeOf<FacadeMethod<'events.query'>>()
  expectTypeOf<EventsFacade['stream']>().toEqualTypeOf<FacadeMethod<'events.stream'>>()
  expectTypeOf<PackagesFacade['install']>().toEqualTypeOf<FacadeMethod<'package.install'>>()
  expectTypeOf<PackagesFacade['uninstall']>().toEqualTypeOf<FacadeMethod<'package.uninstall'>>()
  expectTypeOf<PackagesFacade['update']>().toEqualTypeOf<FacadeMethod<'package.update'>>()
  expectTypeOf<PackagesFacade['list']>().toEqualTypeOf<FacadeMethod<'package.list'>>()
  expectTypeOf<PackagesFacade['search']>().toEqualTypeOf<FacadeMethod<'package.search'>>()
  expectTypeOf<DeploymentsFacade['execute']>().toEqualTypeOf<FacadeMethod<'deploy.execute'>>()
  expectTypeOf<DeploymentsFacade['status']>().toEqualTypeOf<FacadeMethod<'deploy.status'>>()
  expectTypeOf<DeploymentsFacade['rollback']>().toEqualTypeOf<FacadeMethod<'deploy.rollback'>>()
  expectTypeOf<DeploymentsFacade['history']>().toEqualTypeOf<FacadeMethod<'deploy.history'>>()
  expectTypeOf<ProvisioningFacade['create']>().toEqualTypeOf<FacadeMethod<'provision.create'>>()
  expectTypeOf<ProvisioningFacade['status']>().toEqualTypeOf<FacadeMethod<'provision.status'>>()
  expectTypeOf<ProvisioningFacade['list']>().toEqualTypeOf<FacadeMethod<'provision.list'>>()
  expectTypeOf<ProvisioningFacade['decommission']>().toEqualTypeOf<FacadeMethod<'decommission.execute'>>()
  expectTypeOf<ProvisioningFacade['decommissionStatus']>().toEqualTypeOf<FacadeMethod<'decommission.status'>>()
  expectTypeOf<AlertsFacade['list']>().toEqualTypeOf<FacadeMethod<'alert.list'>>()
  expectTypeOf<AlertsFacade['get']>().toEqualTypeOf<FacadeMethod<'alert.get'>>()
  expectTypeOf<AlertsFacade['acknowledge']>().toEqualTypeOf<FacadeMethod<'alert.acknowledge'>>()
  expectTypeOf<AlertsFacade['resolve']>().toEqualTypeOf<FacadeMethod<'alert.resolve'>>()
  expectTypeOf<AlertsFacade['subscribe']>().toEqualTypeOf<FacadeMethod<'alert.subscribe'>>()
  expectTypeOf<TaskFacade['list']>().toEqualTypeOf<FacadeMethod<'task.list'>>()
  expectTypeOf<CommandFacade['execute']>().toEqualTypeOf<FacadeMethod<'command.execute'>>()
  expectTypeOf<TaskFacade['execute']>().toEqualTypeOf<FacadeMethod<'task.execute'>>()
  expectTypeOf<ScriptFacade['execute']>().toEqualTypeOf<FacadeMethod<'script.execute'>>()
  expectTypeOf<Capstan['reports']>().toEqualTypeOf<ReportsFacade>()
  expectTypeOf<Capstan['alerts']>().toEqualTypeOf<AlertsFacade>()
})

/** A read whose first argument is the capability's input: that input, then ReadOptions, the catalog's result. */
type ReadMethod<Id extends CapabilityId> = (input?: CallInput<Id>, options?: ReadOptions) => Promise<ResultOf<Id>>

test('inventory and facts reads: input (or node name) first, ReadOptions last, the catalog\'s results', () => {
  expectTypeOf<InventoryFacade['list']>().toEqualTypeOf<ReadMethod<'inventory.list'>>()
  expectTypeOf<InventoryFacade['groups']>().toEqualTypeOf<ReadMethod<'inventory.groups'>>()
  expectTypeOf<InventoryFacade['filter']>().toEqualTypeOf<ReadMethod<'inventory.filter'>>()
  expectTypeOf<InventoryFacade['get']>().toEqualTypeOf<(node: string, options?: ReadOptions) => Promise<Node>>()
  // Generic in the type of the facts (see well-known-facts.test-d.ts); by default the catalog's result.
  expectTypeOf(capstan.facts.get).parameters.toEqualTypeOf<[node: CallInput<'info.facts'>['node'], options?: ReadOptions]>()
  expectTypeOf(capstan.facts.get('web01')).resolves.toEqualTypeOf<ResultOf<'info.facts'>>()
  expectTypeOf(capstan.facts.refresh).parameters.toEqualTypeOf<[node: CallInput<'info.refresh'>['node'], options?: InvokeOptions]>()
  expectTypeOf(capstan.facts.refresh('web01')).resolves.toEqualTypeOf<ResultOf<'info.refresh'>>()
  expectTypeOf<Capstan['facts']>().toEqualTypeOf<FactsFacade>()
  expectTypeOf<CommandFacade['run']>().toEqualTypeOf<(input: CallInput<'command.execute'>, options?: ExecuteOptions) => Promise<ExecutionResult>>()
  // @ts-expect-error: options come second; the first argument is the input
  void capstan.inventory.list({ signal: AbortSignal.abort() })
  void capstan.inventory.list({}, { signal: AbortSignal.abort(), refresh: true })
})

test('executions: execute returns an Execution at once, run its result', () => {
  expectTypeOf(capstan.command.execute({ targets: 'localhost', command: 'uptime' })).toEqualTypeOf<Execution>()
  expectTypeOf(capstan.command.run({ targets: 'localhost', command: 'uptime' })).resolves.toEqualTypeOf<ExecutionResult>()
  expectTypeOf(capstan.invoke('task.execute', { targets: 'web*', task: 'package' })).resolves.toEqualTypeOf<Execution>()
  expectTypeOf(capstan.packages.install({ targets: 'web*', packages: ['nginx'] })).toEqualTypeOf<Execution>()
  expectTypeOf<Execution>().toMatchTypeOf<AsyncIterable<ExecutionEvent>>()
  // @ts-expect-error: a command is required
  void capstan.command.execute({ targets: 'localhost' })
})

test('an execution handler is a generator of node events, not a promise of a result', () => {
  const good: CapabilityHandlers = {
    'command.execute': async function* (batch) {
      for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
    },
  }
  expectTypeOf(good).not.toBeNever()
  const bad: CapabilityHandlers = {
    // @ts-expect-error: execution handlers yield node events
    'command.execute': async () => ({ status: 'success' }),
  }
  void bad
})

test('an execution store may answer synchronously or with a promise; its failures are an event and a health entry', () => {
  const records = new Map<string, ExecutionRecord>()
  const synchronous: ExecutionStore = {
    save: (record) => {
      records.set(record.id, record)
    },
    get: (id) => records.get(id),
    list: () => [...records.values()],
  }
  const asynchronous: ExecutionStore = { save: async () => {}, get: async () => undefined, list: async () => [] }
  expectTypeOf([synchronous, asynchronous]).not.toBeNever()
  const bad: ExecutionStore = {
    // @ts-expect-error: save takes the record, not a list of them
    save: (batch: ExecutionRecord[]) => void batch,
    get: () => undefined,
    list: () => [],
  }
  void bad
  capstan.on('store:error', (event) => expectTypeOf(event).toEqualTypeOf<ExecutionStoreFailure>())
  expectTypeOf(capstan.health()).resolves.toHaveProperty('executionStore').toEqualTypeOf<ExecutionStoreHealth>()
})
