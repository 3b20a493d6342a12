// The hardening probe's injection payloads (issue 13), sent through every
// field of an execution that a plugin might hand to a shell: env names and
// values, cwd, script arguments, task parameters and runAs. Each payload
// would create a marker file if any shell ran it as code. A field either
// arrives literally (the command echoes it back unchanged) or is refused
// with a typed error; either way no marker appears. The suites of the local
// and SSH plugins call `injectionProbe` with their own host.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CapstanError, type Capstan, type Execution, type NodeResult } from 'capstan'
import { expect, it } from 'vitest'
import { scratchDir } from './scratch-dir.js'

/** Each payload, creating `marker` if a shell ever ran it. */
export function injectionPayloads(marker: string): Record<string, string> {
  return {
    'command substitution': `$(touch ${marker})`,
    backquotes: `\`touch ${marker}\``,
    'a command separator': `; touch ${marker}`,
    'quotes broken out of': `'"; touch ${marker}; "'`,
    'a newline': `\n touch ${marker}`,
  }
}

const kinds = Object.keys(injectionPayloads(''))

/** What the probe runs on. */
export interface InjectionProbeTarget {
  capstan: Capstan
  /** The one node every execution targets. */
  node: string
  /** A task with one String parameter `message`, which it prints as is (`printf %s "$PT_message"`); only with `tasks`. */
  task?: string
}

/** How a call ended: refused with a CapstanError before anything ran, or the node's result. */
type Outcome = { refused: CapstanError } | { node: NodeResult }

/** Codes that say "not run, the input is not acceptable here", at the call or on the node. */
const refusals = ['VALIDATION_ERROR', 'PERMISSION_DENIED', 'NO_PROVIDER']

async function outcomeOf(start: () => Execution): Promise<Outcome> {
  try {
    const { nodes } = await start().result
    expect(nodes).toHaveLength(1)
    return { node: nodes[0]! }
  } catch (error) {
    if (error instanceof CapstanError) return { refused: error }
    throw error
  }
}

function describeOutcome(outcome: Outcome): string {
  return 'refused' in outcome ? `refused ${outcome.refused.code}: ${outcome.refused.message}` : JSON.stringify(outcome.node)
}

/** The refusal's code, at the call or on the node; undefined when the node ran to an end of its own. */
function refusalCode(outcome: Outcome): string | undefined {
  if ('refused' in outcome) return outcome.refused.code
  return outcome.node.status === 'success' ? undefined : outcome.node.error?.code
}

/** The node ran and printed exactly `stdout`; or, where `mayRefuse`, the host refused the field as invalid. */
function expectLiteral(outcome: Outcome, stdout: string, mayRefuse = false): void {
  if (mayRefuse && 'refused' in outcome && outcome.refused.code === 'VALIDATION_ERROR') return
  expect('node' in outcome ? outcome.node : outcome, describeOutcome(outcome)).toMatchObject({ status: 'success', stdout })
}

/** A typed refusal, or a harmless run of `printf ok`. */
function expectRefusedOrHarmless(outcome: Outcome): void {
  const code = refusalCode(outcome)
  if (code === undefined) expect('node' in outcome && outcome.node.stdout, describeOutcome(outcome)).toBe('ok')
  else expect(refusals, describeOutcome(outcome)).toContain(code)
}

/**
 * A directory for one test that the node's user can write to (the SSH
 * servers log in as another user on this machine), and a payload of `kind`
 * whose marker is in it.
 */
function probeDir(kind: string): { dir: string; marker: string; payload: string } {
  const dir = scratchDir('capstan-injection-')
  chmodSync(dir, 0o777)
  const marker = join(dir, 'marker')
  return { dir, marker, payload: injectionPayloads(marker)[kind]! }
}

/**
 * The probe's tests, for the host `target()` returns (called inside each
 * test, so a `beforeAll` may create it). With `tasks`, task parameters too.
 */
export function injectionProbe(target: () => InjectionProbeTarget, options: { tasks?: boolean } = {}): void {
  it('control: a command that touches the marker creates it, so the node can write where the probe looks', async () => {
    const { capstan, node } = target()
    const { marker } = probeDir(kinds[0]!)
    const outcome = await outcomeOf(() => capstan.command.execute({ targets: node, command: `touch '${marker}'` }))
    expectLiteral(outcome, '')
    expect(existsSync(marker)).toBe(true)
  })

  it.each(kinds)('an env value with %s arrives literally and runs nothing', async (kind) => {
    const { capstan, node } = target()
    const { marker, payload } = probeDir(kind)
    expectLiteral(await outcomeOf(() => capstan.command.execute({ targets: node, command: 'printf %s "$PROBE"', env: { PROBE: payload } })), payload)
    expect(existsSync(marker)).toBe(false)
  })

  it.each(kinds)('an env name with %s is refused or runs nothing', async (kind) => {
    const { capstan, node } = target()
    const { marker, payload } = probeDir(kind)
    expectRefusedOrHarmless(await outcomeOf(() => capstan.command.execute({ targets: node, command: 'printf ok', env: { [payload]: 'x' } })))
    expect(existsSync(marker)).toBe(false)
  })

  it.each(kinds)('a cwd with %s is entered literally, or refused as invalid, and runs nothing', async (kind) => {
    const { capstan, node } = target()
    const { dir, marker, payload } = probeDir(kind)
    // A real directory of that name (its slashes make nested ones), so the command runs there.
    const cwd = `${dir}/${payload}`
    mkdirSync(cwd, { recursive: true })
    expectLiteral(await outcomeOf(() => capstan.command.execute({ targets: node, command: 'pwd', cwd })), `${cwd}\n`, true)
    expect(existsSync(marker)).toBe(false)
  })

  it.each(kinds)('a script argument with %s arrives literally and runs nothing', async (kind) => {
    const { capstan, node } = target()
    const { dir, marker, payload } = probeDir(kind)
    const script = join(dir, 'first-argument.sh')
    writeFileSync(script, '#!/bin/sh\nprintf %s "$1"\n', { mode: 0o755 })
    expectLiteral(await outcomeOf(() => capstan.script.execute({ targets: node, script, args: [payload] })), payload)
    expect(existsSync(marker)).toBe(false)
  })

  it.each(kinds)('runAs with %s is refused or runs nothing', async (kind) => {
    const { capstan, node } = target()
    const { marker, payload } = probeDir(kind)
    expectRefusedOrHarmless(await outcomeOf(() => capstan.command.execute({ targets: node, command: 'printf ok', runAs: payload })))
    expect(existsSync(marker)).toBe(false)
  })

  if (options.tasks !== true) return

  it.each(kinds)('a task parameter value with %s arrives literally and runs nothing', async (kind) => {
    const { capstan, node, task } = target()
    const { marker, payload } = probeDir(kind)
    expectLiteral(await outcomeOf(() => capstan.task.execute({ targets: node, task: task!, params: { message: payload } })), payload)
    expect(existsSync(marker)).toBe(false)
  })

  it.each(kinds)('a task parameter name with %s is refused or runs nothing', async (kind) => {
    const { capstan, node, task } = target()
    const { marker, payload } = probeDir(kind)
    expectRefusedOrHarmless(await outcomeOf(() => capstan.task.execute({ targets: node, task: task!, params: { message: 'ok', [payload]: 'x' } })))
    expect(existsSync(marker)).toBe(false)
  })
}
