// Where each recorded Bolt run (samples/README.md) is tested. A new recording
// fails this test until it is added here, with the tests that cover it or the
// reason the plugin never makes that call.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadCases, type FakeBoltRequest } from '../fake-bolt/fake-bolt.mjs'
import { SAMPLES_DIR } from './support.js'

const TEST_DIR = fileURLToPath(new URL('../', import.meta.url))

const COMMANDS = 'integration/commands.test.ts'
const TASKS = 'integration/tasks.test.ts'
const INVENTORY_FACTS = 'integration/inventory-facts.test.ts'
const ITEM_EVENT = 'remote-execution/item-to-node-event.test.ts'
const PARSE_RESULT = 'bolt-cli/parse-bolt-result.test.ts'
const STREAM_LINES = 'bolt-cli/stream-line-parser.test.ts'
const MAP_INVENTORY = 'inventory/map-inventory-show.test.ts'
const MAP_TASK_SHOW = 'remote-execution/map-task-show.test.ts'

type Coverage = { where: string[] } | { outOfScope: string }

/** Case → the test files (relative to plugins-bolt/test) that replay or parse it. */
const COVERAGE: Record<string, Coverage> = {
  command_success: { where: [COMMANDS, ITEM_EVENT] },
  command_mixed: { where: [COMMANDS, 'integration/queue.test.ts', ITEM_EVENT] },
  command_unreachable: { where: [COMMANDS, ITEM_EVENT] },
  command_stream_json: { where: [COMMANDS, STREAM_LINES] },
  // Human output: the plugin always asks for --format json; its stream lines are still parsed.
  command_stream_human: { where: [STREAM_LINES] },
  command_human: { outOfScope: 'the plugin always runs Bolt with --format json, never the human format' },
  command_env_var: { where: [COMMANDS, ITEM_EVENT] },
  command_unknown_target: { where: [COMMANDS, ITEM_EVENT] },
  command_stream_nocolor: { where: [COMMANDS, STREAM_LINES] },
  // Capstan expands groups before Bolt runs; see the comment in the commands test.
  command_group_target: { where: [COMMANDS, ITEM_EVENT] },
  // Option errors: the plugin never builds these command lines; their plain-text output is parsed.
  cli_no_targets: { where: [PARSE_RESULT] },
  cli_unknown_option: { where: [PARSE_RESULT] },
  script_success: { where: [COMMANDS, ITEM_EVENT] },
  script_failure: { where: [COMMANDS, ITEM_EVENT] },
  script_missing: { where: [COMMANDS, PARSE_RESULT] },
  task_run_facts: { where: [INVENTORY_FACTS, TASKS, 'facts/map-facts-items.test.ts'] },
  task_run_exception: { where: [INVENTORY_FACTS, TASKS, 'facts/map-facts-items.test.ts'] },
  // Recorded with name=value parameters; the plugin sends --params JSON (see the tasks test).
  task_run_greet: { where: [ITEM_EVENT] },
  task_run_greet_params: { where: [TASKS, ITEM_EVENT] },
  task_run_error_object: { where: [ITEM_EVENT] },
  task_run_plain_output: { where: [ITEM_EVENT] },
  task_run_bad_params: { where: [TASKS, PARSE_RESULT] },
  task_run_unknown: { where: [TASKS, PARSE_RESULT] },
  task_show_list: { where: [TASKS, MAP_TASK_SHOW] },
  task_show_one: { where: [TASKS, MAP_TASK_SHOW] },
  task_show_facts: { where: [TASKS, MAP_TASK_SHOW] },
  // The plugin reads the inventory with --detail and no --targets; the other shows are mapped alike.
  inventory_show: { where: [MAP_INVENTORY] },
  inventory_show_detail: { where: [INVENTORY_FACTS, MAP_INVENTORY] },
  inventory_show_targets: { where: [MAP_INVENTORY] },
  inventory_show_adhoc: { where: [MAP_INVENTORY] },
  group_show: { where: [INVENTORY_FACTS, 'inventory/map-group-show.test.ts'] },
  plan_run_yaml: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_failing: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_resultset: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_noreturn: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_fail_plan: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_params_json: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_run_unknown: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_show_list: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_show_one: { outOfScope: 'plans are out of scope (issue 4)' },
  plan_show_pp: { outOfScope: 'plans are out of scope (issue 4)' },
  file_upload: { outOfScope: 'the plugin has no file transfer capability' },
  file_upload_fail: { outOfScope: 'the plugin has no file transfer capability' },
  file_download: { outOfScope: 'the plugin has no file transfer capability' },
}

/** The case names of the samples README, read with a plain regex (independent of the fake's parser). */
function readmeCases(): string[] {
  const readme = fs.readFileSync(path.join(SAMPLES_DIR, 'README.md'), 'utf8')
  return [...readme.matchAll(/^###\s+(\S+)\s+\(exit code \d+\)\s*$/gm)].map((m) => m[1] as string)
}

/**
 * Whether the plugin itself can make this exact call (as the fake matches it):
 * the subcommands it uses, JSON output, no option it never passes, task
 * parameters only as --params, the inventory only with --detail and no targets.
 */
function pluginCanMake(request: FakeBoltRequest): boolean {
  if (request.format !== 'json' || request.other.length > 0) return false
  switch (request.action) {
    case 'command run':
    case 'script run':
      return request.targets !== undefined
    case 'task run':
      return request.targets !== undefined && request.args.length === 1
    case 'task show':
    case 'group show':
      return request.targets === undefined
    case 'inventory show':
      return request.detail && request.targets === undefined
    default:
      return false
  }
}

describe('every recorded Bolt run is covered', () => {
  const cases = readmeCases()

  it('the table lists exactly the cases of the samples README', () => {
    expect(cases.length).toBeGreaterThan(40)
    expect(Object.keys(COVERAGE).sort()).toEqual([...cases].sort())
    // The fake replays the same cases.
    expect(loadCases(SAMPLES_DIR).map((c) => c.name)).toEqual(cases)
  })

  it('each listed test file exists and names the case', () => {
    const missing: string[] = []
    for (const [name, coverage] of Object.entries(COVERAGE)) {
      if (!('where' in coverage)) continue
      expect(coverage.where.length, name).toBeGreaterThan(0)
      for (const file of coverage.where) {
        const full = path.join(TEST_DIR, file)
        if (!fs.existsSync(full) || !fs.readFileSync(full, 'utf8').includes(name)) missing.push(`${name} → ${file}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('a call the plugin can make is replayed end to end through Capstan', () => {
    const loaded = loadCases(SAMPLES_DIR)
    const notEndToEnd = loaded
      .filter((c) => pluginCanMake(c.request))
      .filter((c) => {
        const coverage = COVERAGE[c.name]
        return coverage === undefined || !('where' in coverage) || !coverage.where.some((file) => file.startsWith('integration/'))
      })
      .map((c) => c.name)
    expect(notEndToEnd).toEqual([])
    // Sanity: the rule above does select the calls the plugin makes.
    expect(loaded.filter((c) => pluginCanMake(c.request)).map((c) => c.name)).toEqual(
      expect.arrayContaining(['command_success', 'script_success', 'task_run_greet_params', 'task_show_one', 'inventory_show_detail', 'group_show']),
    )
  })

  it('only calls the plugin never makes are out of scope', () => {
    const outOfScope = loadCases(SAMPLES_DIR).filter((c) => 'outOfScope' in (COVERAGE[c.name] ?? { where: [] }))
    for (const c of outOfScope) {
      expect(pluginCanMake(c.request), c.name).toBe(false)
      expect((COVERAGE[c.name] as { outOfScope: string }).outOfScope, c.name).not.toBe('')
    }
  })
})
