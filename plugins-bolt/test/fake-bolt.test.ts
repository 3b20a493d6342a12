// The fake `bolt` (test/fake-bolt/bolt) replays the real Bolt 3.30.0 runs in
// plugins-bolt/test/fixtures/samples. These tests pin it to the recordings byte for
// byte, so the plugin tests built on it exercise what real Bolt prints.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCases, NO_MATCH_EXIT, type FakeBoltCase } from './fake-bolt/fake-bolt.mjs'

const fakeBolt = fileURLToPath(new URL('./fake-bolt/bolt', import.meta.url))
const boltDir = fileURLToPath(new URL('./fixtures', import.meta.url))
const samples = path.join(boltDir, 'samples')
const project = path.join(boltDir, 'project')

const cases = loadCases(samples)
const byName = new Map(cases.map((c) => [c.name, c]))
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-bolt-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

interface Run {
  stdout: Buffer
  stderr: Buffer
  code: number | null
  signal: NodeJS.Signals | null
  /** Milliseconds since spawn at which each stdout chunk arrived. */
  chunks: Array<{ at: number; data: Buffer }>
}

/** The environment without any FAKE_BOLT_* knob of the outer process. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FAKE_BOLT_')) env[k] = v
  return { ...env, ...extra }
}

function run(argv: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(fakeBolt, argv, { env: cleanEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Run['chunks'] = []
    const err: Buffer[] = []
    child.stdout.on('data', (data: Buffer) => chunks.push({ at: performance.now() - started, data }))
    child.stderr.on('data', (data: Buffer) => err.push(data))
    child.on('error', reject)
    child.on('close', (code, signal) =>
      resolve({ stdout: Buffer.concat(chunks.map((c) => c.data)), stderr: Buffer.concat(err), code, signal, chunks }),
    )
  })
}

const recorded = (c: FakeBoltCase) => ({ stdout: fs.readFileSync(c.outFile), stderr: fs.readFileSync(c.errFile), code: c.exitCode })

function caseNamed(name: string): FakeBoltCase {
  const c = byName.get(name)
  if (!c) throw new Error(`no sample case ${name}`)
  return c
}

async function expectReplays(name: string, argv: string[], extraEnv: Record<string, string> = {}) {
  const want = recorded(caseNamed(name))
  const got = await run(argv, extraEnv)
  // Byte for byte; compare as strings first for a readable diff.
  expect({ code: got.code, stderr: got.stderr.toString('latin1') }).toEqual({ code: want.code, stderr: want.stderr.toString('latin1') })
  expect(got.stdout.toString('latin1')).toBe(want.stdout.toString('latin1'))
  expect(got.stdout.equals(want.stdout)).toBe(true)
  expect(got.stderr.equals(want.stderr)).toBe(true)
}

async function expectNoMatch(argv: string[]) {
  const got = await run(argv)
  expect(got.code).toBe(NO_MATCH_EXIT)
  expect(got.stdout.length).toBe(0)
  expect(got.stderr.toString()).toContain('no recorded Bolt 3.30.0 run matches')
  return got.stderr.toString()
}

/** Whether a process is gone (a zombie counts as gone: it no longer runs). */
function isGone(pid: number): boolean {
  if (fs.existsSync('/proc/self/stat')) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0)
      return state === 'Z' || state === 'X'
    } catch {
      return true
    }
  }
  try {
    process.kill(pid, 0)
    return false
  } catch {
    return true
  }
}

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return check()
}

/** Spawns a hanging fake bolt in its own process group; resolves with its pid and its `sleep` child's pid. */
function spawnHanging(env: Record<string, string>) {
  const child = spawn(fakeBolt, ['command', 'run', 'true', '-t', 'local1', '--format', 'json'], {
    env: cleanEnv(env),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  const pids = new Promise<{ pid: number; child: number }>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      const m = /hanging pid=(\d+) child=(\d+)/.exec(stderr)
      if (m) resolve({ pid: Number(m[1]), child: Number(m[2]) })
    })
    child.on('error', reject)
    child.on('close', (code) => reject(new Error(`fake bolt exited (${code}) instead of hanging: ${stderr}`)))
  })
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // already gone
    }
  }
  return { child, pids, killGroup }
}

describe('fake bolt: samples README', () => {
  it('parses every case of the README, each with its .out and .err', () => {
    const outs = fs.readdirSync(samples).filter((f) => f.endsWith('.out')).map((f) => f.slice(0, -4)).sort()
    expect(cases.map((c) => c.name).sort()).toEqual(outs)
    expect(cases.length).toBeGreaterThanOrEqual(44)
    for (const c of cases) expect(fs.existsSync(c.errFile), c.name).toBe(true)
  })

  it('splits the README command lines like a shell', () => {
    expect(caseNamed('script_success').argv).toEqual(['script', 'run', 'project/scripts/demo.sh', 'a', 'b', 'c d', '-t', 'ssh1,local1', '--format', 'json'])
    expect(caseNamed('command_mixed').argv[2]).toBe('if [ -n "$SSH_CONNECTION" ]; then echo ok over ssh; else echo boom >&2; exit 2; fi')
    expect(caseNamed('task_run_greet_params').argv).toContain('{"name":"Bob","times":2}')
    expect(caseNamed('command_success').exitCode).toBe(0)
    expect(caseNamed('command_mixed').exitCode).toBe(1)
  })
})

describe('fake bolt: every recorded run, byte for byte', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectReplays(c.name, [...c.argv, '--project', project])
  })
})

describe('fake bolt: semantic matching', () => {
  it('--version prints 3.30.0', async () => {
    const got = await run(['--version'])
    expect(got.code).toBe(0)
    expect(got.stdout.toString()).toBe('3.30.0\n')
    expect(got.stderr.length).toBe(0)
  })

  it('compares the target list as a set, in any of its spellings', async () => {
    const argv = (...targets: string[]) => ['command', 'run', 'uname -a', ...targets, '--format', 'json']
    await expectReplays('command_success', argv('-t', 'ssh2,localhost,ssh1,local1'))
    await expectReplays('command_success', argv('--targets', 'local1,localhost,ssh1,ssh2'))
    await expectReplays('command_success', argv('--targets=ssh1,ssh2,local1,localhost'))
    await expectReplays('command_success', argv('-t', 'ssh1,ssh2', '--targets', 'local1,localhost'))
    await expectReplays('task_run_facts', ['task', 'run', 'facts', '--targets=ssh1,localhost', '--format=json', '--project', project])
    await expectNoMatch(argv('-t', 'ssh1,ssh2,local1'))
  })

  it('ignores --project, colour, log and connection options, and option order', async () => {
    await expectReplays('command_env_var', [
      '--format', 'json', '--project=/somewhere/else', '--no-color', '--log-level', 'debug', '--verbose',
      'command', 'run', 'echo "FOO=$FOO"', '--concurrency', '3', '--connect-timeout=5', '-i', '/tmp/inventory.yaml',
      '--env-var', 'FOO=bar', '--targets', 'local1',
    ])
  })

  it('compares --env-var as a set and requires it', async () => {
    await expectReplays('command_env_var', ['command', 'run', 'echo "FOO=$FOO"', '-t', 'local1', '--env-var=FOO=bar', '--format', 'json'])
    await expectNoMatch(['command', 'run', 'echo "FOO=$FOO"', '-t', 'local1', '--format', 'json'])
    await expectNoMatch(['command', 'run', 'echo "FOO=$FOO"', '-t', 'local1', '--env-var', 'FOO=baz', '--format', 'json'])
  })

  it('compares --params as JSON, and keeps k=v parameters distinct from --params', async () => {
    await expectReplays('task_run_greet_params', ['task', 'run', 'sdkdemo::greet', '--params', '{ "times": 2, "name": "Bob" }', '-t', 'local1', '--format', 'json'])
    const file = path.join(tmp, 'params.json')
    fs.writeFileSync(file, '{"times":2,"name":"Bob"}')
    await expectReplays('task_run_greet_params', ['task', 'run', 'sdkdemo::greet', '--params', `@${file}`, '-t', 'local1', '--format', 'json'])
    await expectNoMatch(['task', 'run', 'sdkdemo::greet', '--params', '{"name":"Bob","times":"2"}', '-t', 'local1', '--format', 'json'])
    await expectNoMatch(['task', 'run', 'sdkdemo::greet', 'name=Bob', 'times=2', '-t', 'local1', '--format', 'json'])
    // k=v parameters are order-insensitive
    await expectReplays('task_run_greet', ['task', 'run', 'sdkdemo::greet', 'times=3', 'name=Ada', '-t', 'local1,ssh1', '--format', 'json'])
  })

  it('matches a script by its path inside the project; its arguments in order', async () => {
    const demo = path.join(project, 'scripts', 'demo.sh')
    await expectReplays('script_success', ['script', 'run', demo, 'a', 'b', 'c d', '-t', 'local1,ssh1', '--format', 'json'])
    await expectReplays('script_failure', ['script', 'run', demo, 'x', '-t', 'ssh1', '--env-var', 'EXIT_WITH=4', '--format', 'json'])
    await expectReplays('script_missing', ['script', 'run', path.join(project, 'scripts', 'nope.sh'), '-t', 'ssh1', '--format', 'json'])
    await expectNoMatch(['script', 'run', demo, 'b', 'a', 'c d', '-t', 'local1,ssh1', '--format', 'json'])
    await expectNoMatch(['script', 'run', demo, 'a', 'b', 'c', 'd', '-t', 'local1,ssh1', '--format', 'json'])
    await expectNoMatch(['script', 'run', '/elsewhere/other/demo.sh', 'a', 'b', 'c d', '-t', 'local1,ssh1', '--format', 'json'])
  })

  it('--format and --detail must match; --format defaults to human', async () => {
    await expectNoMatch(['inventory', 'show', '--format', 'json'].concat('--detail', '-t', 'ssh1'))
    await expectReplays('inventory_show_detail', ['inventory', 'show', '--detail', '--format', 'json'])
    await expectReplays('inventory_show_targets', ['inventory', 'show', '--targets', 'local1,sshnodes', '--detail', '--format', 'json'])
    await expectNoMatch(['inventory', 'show'])
    await expectNoMatch(['command', 'run', 'uname -s', '-t', 'ssh1,local1,deadhost'].concat('--format', 'json'))
    await expectReplays('command_human', ['command', 'run', 'uname -s', '-t', 'deadhost,ssh1,local1'])
  })

  it('answers a --stream request with the non-stream recording when no stream run was recorded', async () => {
    await expectReplays('command_success', ['command', 'run', 'uname -a', '-t', 'ssh1,ssh2,local1,localhost', '--stream', '--format', 'json'])
    // ...but never the other way round: a stream recording needs --stream
    await expectNoMatch(['command', 'run', 'echo a; echo b >&2', '-t', 'local1', '--format', 'json'])
  })

  it('an unknown invocation exits 99 and says what it was asked', async () => {
    const message = await expectNoMatch(['task', 'run', 'sdkdemo::greet', 'name=Zed', '-t', 'local1', '--format', 'json', '--project', project])
    expect(message).toContain('"action":"task run"')
    expect(message).toContain('"args":["sdkdemo::greet","name=Zed"]')
    expect(message).toContain('task_run_greet:')
    const bogus = await expectNoMatch(['command', 'run', 'true', '-t', 'local1', '--noop', '--format', 'json'])
    expect(bogus).toContain('"other":["--noop"]')
    await expectNoMatch([])
  })
})

describe('fake bolt: knobs', () => {
  it('FAKE_BOLT_LOG records argv, BOLT_* and listed env vars, and the case', async () => {
    const log = path.join(tmp, 'log.jsonl')
    const env = { FAKE_BOLT_LOG: log, BOLT_GEM: 'true', FOO: 'bar', OTHER: 'x', FAKE_BOLT_LOG_ENV: 'FOO' }
    await run(['--version'], env)
    await run(['group', 'show', '--format', 'json'], env)
    const entries = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({ argv: ['group', 'show', '--format', 'json'], env: { BOLT_GEM: 'true', FOO: 'bar' }, case: 'group_show' })
    expect(entries[1]!.env).not.toHaveProperty('OTHER')
    expect(entries[0]).toMatchObject({ argv: ['--version'], case: '--version' })
    expect(typeof entries[0]!.pid).toBe('number')
  })

  it('FAKE_BOLT_DELAY_MS delays the answer', async () => {
    const started = performance.now()
    await expectReplays('group_show', ['group', 'show', '--format', 'json'], { FAKE_BOLT_DELAY_MS: '400' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(400)
  })

  it('FAKE_BOLT_SAMPLES points at another samples directory', async () => {
    const dir = path.join(tmp, 'samples')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'README.md'), '### only (exit code 3)\n\n    bolt group show --format json\n')
    fs.writeFileSync(path.join(dir, 'only.out'), 'out\n')
    fs.writeFileSync(path.join(dir, 'only.err'), 'err\n')
    const got = await run(['group', 'show', '--format', 'json'], { FAKE_BOLT_SAMPLES: dir })
    expect([got.code, got.stdout.toString(), got.stderr.toString()]).toEqual([3, 'out\n', 'err\n'])
  })

  it('FAKE_BOLT_HANG hangs with a child; killing the process group ends both', async () => {
    const { pids, killGroup } = spawnHanging({ FAKE_BOLT_HANG: '1' })
    try {
      const { pid, child } = await pids
      expect(isGone(pid)).toBe(false)
      expect(isGone(child)).toBe(false)
      killGroup('SIGKILL')
      expect(await waitFor(() => isGone(pid) && isGone(child))).toBe(true)
    } finally {
      killGroup('SIGKILL')
    }
  })

  it('FAKE_BOLT_HANG=ignore-term survives SIGTERM to the group, not SIGKILL', async () => {
    const { pids, killGroup } = spawnHanging({ FAKE_BOLT_HANG: 'ignore-term' })
    try {
      const { pid, child } = await pids
      killGroup('SIGTERM')
      await new Promise((r) => setTimeout(r, 200))
      expect(isGone(pid)).toBe(false)
      expect(isGone(child)).toBe(false)
      killGroup('SIGKILL')
      expect(await waitFor(() => isGone(pid) && isGone(child))).toBe(true)
    } finally {
      killGroup('SIGKILL')
    }
  })

  it('FAKE_BOLT_HANG_ON limits the hang to matching argv', async () => {
    const got = await run(['--version'], { FAKE_BOLT_HANG: '1', FAKE_BOLT_HANG_ON: ' run ' })
    expect([got.code, got.stdout.toString()]).toEqual([0, '3.30.0\n'])
  })

  it('paces --stream output line by line', async () => {
    const c = caseNamed('command_stream_json')
    const got = await run(c.argv)
    expect(got.code).toBe(0)
    expect(got.stdout.equals(recorded(c).stdout)).toBe(true)
    expect(got.stderr.equals(recorded(c).stderr)).toBe(true)
    // time at which the text up to and including `needle` had arrived
    const arrival = (needle: string) => {
      let text = ''
      for (const chunk of got.chunks) {
        text += chunk.data.toString()
        if (text.includes(needle)) return chunk.at
      }
      throw new Error(`${needle} never arrived`)
    }
    const first = arrival('[local1] out: out1\n')
    const last = arrival('[ssh1] err: err3\n')
    expect(last - first).toBeGreaterThanOrEqual(150)
    // the stream lines come before the JSON items
    expect(arrival('"target":"local1"')).toBeGreaterThanOrEqual(last)
  })
})
