// Fake Bolt 3.30.0: answers the command lines recorded in
// plugins-bolt/test/fixtures/samples/README.md with the recorded stdout, stderr and
// exit code. Plain JavaScript, no dependencies: it runs as a child process.
// How matching works and which knobs exist: README.md next to this file.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BOLT_VERSION = '3.30.0'
/** Exit code when no recorded run matches the invocation. */
export const NO_MATCH_EXIT = 99

const here = path.dirname(fs.realpathSync(fileURLToPath(import.meta.url)))

/** The samples directory: $FAKE_BOLT_SAMPLES, else plugins-bolt/test/fixtures/samples. */
export function samplesDir(env = process.env) {
  if (env.FAKE_BOLT_SAMPLES) return path.resolve(env.FAKE_BOLT_SAMPLES)
  // here = <repo>/plugins-bolt/test/fake-bolt
  return path.resolve(here, '../fixtures/samples')
}

// ---------------------------------------------------------------------------
// README parsing

/**
 * Splits a POSIX shell command line into words: 'single quotes', "double quotes"
 * (with \" \\ \$ \` escapes) and backslash escapes outside quotes. No expansion.
 */
export function shellWords(line) {
  const words = []
  let word = ''
  let inWord = false
  let i = 0
  while (i < line.length) {
    const c = line[i]
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unterminated ' in: ${line}`)
      word += line.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      i++
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
          word += line[i + 1]
          i += 2
        } else {
          word += line[i++]
        }
      }
      if (i >= line.length) throw new Error(`unterminated " in: ${line}`)
      inWord = true
      i++
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[i + 1]
      inWord = true
      i += 2
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
    } else {
      word += c
      inWord = true
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}

/**
 * Parses the samples README: every `### NAME (exit code N)` heading followed by
 * an indented `bolt ARGS` line. Returns [{ name, exitCode, argv, line }], argv
 * without the leading `bolt`.
 */
export function parseReadme(text) {
  const cases = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heading = /^###\s+(\S+)\s+\(exit code (\d+)\)\s*$/.exec(lines[i])
    if (!heading) continue
    let j = i + 1
    while (j < lines.length && lines[j].trim() === '') j++
    const cmd = /^(?: {4}|\t)\s*(bolt\s.*?)\s*$/.exec(lines[j] ?? '')
    if (!cmd) throw new Error(`samples README: case ${heading[1]} has no indented 'bolt ...' line`)
    const words = shellWords(cmd[1])
    cases.push({ name: heading[1], exitCode: Number(heading[2]), argv: words.slice(1), line: cmd[1] })
  }
  return cases
}

/** Loads the cases of the samples directory (README + NAME.out/NAME.err must exist). */
export function loadCases(dir = samplesDir()) {
  const readme = path.join(dir, 'README.md')
  let text
  try {
    text = fs.readFileSync(readme, 'utf8')
  } catch (error) {
    throw new Error(`fake-bolt: cannot read ${readme} (set FAKE_BOLT_SAMPLES): ${error.message}`)
  }
  return parseReadme(text).map((c) => ({
    ...c,
    outFile: path.join(dir, `${c.name}.out`),
    errFile: path.join(dir, `${c.name}.err`),
    request: normalize(c.argv),
  }))
}

// ---------------------------------------------------------------------------
// argv normalization

// Options ignored entirely (their value too, when they take one).
const IGNORED_WITH_VALUE = new Set(['--project', '--log-level', '--concurrency', '-c', '--connect-timeout', '--inventoryfile', '-i'])
const IGNORED_FLAGS = new Set(['--no-color', '--color', '--verbose', '--no-verbose'])
// Other Bolt options that take a value: kept (as `--opt=value`) and must match.
const OTHER_WITH_VALUE = new Set([
  '--query', '-q', '--rerun', '--user', '-u', '--password', '-p', '--private-key', '--run-as',
  '--sudo-password', '--transport', '--modulepath', '-m', '--hiera-config', '--tmpdir',
  '--execute', '-e', '--filter', '--description', '--compile-concurrency', '--puppetfile',
])
const LONG_ALIASES = { '-t': '--targets', '-q': '--query', '-u': '--user', '-p': '--password', '-m': '--modulepath', '-e': '--execute', '-c': '--concurrency', '-i': '--inventoryfile' }
// Bolt subcommands that take an action word (`command run`, `task show`, ...).
const TWO_WORD = new Set(['command', 'script', 'task', 'plan', 'file', 'inventory', 'group', 'module', 'project', 'secret', 'policy', 'guide', 'plugin'])

function readParams(raw) {
  let text = raw
  if (raw === '-') text = fs.readFileSync(0, 'utf8')
  else if (raw.startsWith('@')) text = fs.readFileSync(raw.slice(1), 'utf8')
  try {
    return JSON.parse(text)
  } catch {
    return { '(unparsable --params)': raw }
  }
}

/**
 * Turns a Bolt argv into a comparable request:
 * { version, action, args, targets, envVars, params, format, detail, stream, other, ignored }.
 */
export function normalize(argv) {
  const req = {
    version: false,
    action: '',
    args: [],
    targets: undefined,
    envVars: [],
    params: undefined,
    format: 'human', // Bolt's default
    detail: false,
    stream: false,
    other: [],
    ignored: [],
  }
  const positionals = []
  let i = 0
  const takeValue = (name, inline) => {
    if (inline !== undefined) return inline
    i++
    return argv[i]
  }
  for (; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg)
      continue
    }
    let name = arg
    let inline
    const eq = arg.indexOf('=')
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq)
      inline = arg.slice(eq + 1)
    }
    const canonical = LONG_ALIASES[name] ?? name
    if (name === '--version') {
      req.version = true
    } else if (canonical === '--targets') {
      const value = takeValue(name, inline) ?? ''
      const set = new Set(req.targets ?? [])
      for (const t of value.split(',')) if (t.trim() !== '') set.add(t.trim())
      req.targets = [...set].sort()
    } else if (name === '--env-var') {
      req.envVars.push(takeValue(name, inline) ?? '')
      req.envVars.sort()
    } else if (name === '--params') {
      req.params = readParams(takeValue(name, inline) ?? '')
    } else if (name === '--format') {
      req.format = takeValue(name, inline) ?? ''
    } else if (name === '--detail') {
      req.detail = true
    } else if (name === '--stream') {
      req.stream = true
    } else if (IGNORED_WITH_VALUE.has(name)) {
      req.ignored.push(`${canonical}=${takeValue(name, inline)}`)
    } else if (IGNORED_FLAGS.has(name)) {
      req.ignored.push(name)
    } else if (OTHER_WITH_VALUE.has(name)) {
      req.other.push(`${canonical}=${takeValue(name, inline)}`)
    } else {
      // Unknown or value-less option (e.g. --noop, --trace, --bogus): must match exactly.
      req.other.push(inline === undefined ? name : `${name}=${inline}`)
    }
  }
  req.other.sort()
  let words = 0
  if (positionals.length > 0) words = TWO_WORD.has(positionals[0]) && positionals.length > 1 ? 2 : 1
  req.action = positionals.slice(0, words).join(' ')
  req.args = positionals.slice(words)
  return req
}

// ---------------------------------------------------------------------------
// matching

function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i])
const commaSet = (s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))].sort().join(',')

/**
 * A local file the recording named relative to the working directory, e.g.
 * `project/scripts/demo.sh` (the project is ../project). The request matches
 * when it is the same path, or ends with the project-relative part
 * (`.../scripts/demo.sh`), as the plugin passes absolute paths.
 */
function sameLocalFile(recorded, requested) {
  const rec = path.posix.normalize(recorded)
  const req = path.posix.normalize(requested)
  if (rec === req) return true
  const rel = rec.startsWith('project/') ? rec.slice('project/'.length) : rec
  return req === rel || req.endsWith(`/${rel}`)
}

/** A local destination directory (file download): any directory with the same basename. */
function sameLocalDir(recorded, requested) {
  return path.posix.basename(path.posix.normalize(recorded)) === path.posix.basename(path.posix.normalize(requested))
}

/** `k=v` positionals of task/plan run become an (order-insensitive) map. */
function splitKv(args) {
  const kv = {}
  const rest = []
  for (const a of args) {
    const m = /^([A-Za-z_][\w]*)=(.*)$/s.exec(a)
    if (m) kv[m[1]] = m[2]
    else rest.push(a)
  }
  return { kv, rest }
}

function sameArgs(action, rec, req) {
  switch (action) {
    case 'script run':
      return rec.length > 0 && req.length === rec.length && sameLocalFile(rec[0], req[0]) && sameList(rec.slice(1), req.slice(1))
    case 'file upload':
      return rec.length === 2 && req.length === 2 && sameLocalFile(rec[0], req[0]) && rec[1] === req[1]
    case 'file download':
      return rec.length === 2 && req.length === 2 && rec[0] === req[0] && sameLocalDir(rec[1], req[1])
    case 'task run':
    case 'plan run': {
      if (rec[0] !== req[0]) return false
      const a = splitKv(rec.slice(1))
      const b = splitKv(req.slice(1))
      if (!sameList(a.rest, b.rest)) return false
      const keys = Object.keys(a.kv).sort()
      if (!sameList(keys, Object.keys(b.kv).sort())) return false
      return keys.every((k) => (action === 'plan run' && k === 'targets' ? commaSet(a.kv[k]) === commaSet(b.kv[k]) : a.kv[k] === b.kv[k]))
    }
    default:
      return sameList(rec, req)
  }
}

/** Whether the recorded request answers the incoming one (stream compared by the caller). */
export function sameRequest(rec, req) {
  return (
    rec.action === req.action &&
    sameArgs(rec.action, rec.args, req.args) &&
    (rec.targets === undefined) === (req.targets === undefined) &&
    (rec.targets === undefined || sameList(rec.targets, req.targets)) &&
    sameList(rec.envVars, req.envVars) &&
    (rec.params === undefined) === (req.params === undefined) &&
    (rec.params === undefined || canonicalJson(rec.params) === canonicalJson(req.params)) &&
    rec.format === req.format &&
    rec.detail === req.detail &&
    sameList(rec.other, req.other)
  )
}

/**
 * The recorded case answering `argv`, or undefined. `--stream` must match, except
 * that a --stream request with no stream recording gets the non-stream recording
 * (`streamFallback: true`).
 */
export function findCase(cases, argv) {
  const req = normalize(argv)
  const exact = cases.find((c) => c.request.stream === req.stream && sameRequest(c.request, req))
  if (exact) return { case: exact, request: req, streamFallback: false }
  if (req.stream) {
    const fallback = cases.find((c) => !c.request.stream && sameRequest(c.request, req))
    if (fallback) return { case: fallback, request: req, streamFallback: true }
  }
  return { case: undefined, request: req, streamFallback: false }
}

// ---------------------------------------------------------------------------
// output

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const write = (stream, chunk) => new Promise((resolve, reject) => stream.write(chunk, (e) => (e ? reject(e) : resolve())))
const STREAM_LINE = /^\[[^\]\n]+\] (?:out|err): /

function splitLines(buf) {
  const lines = []
  let start = 0
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      lines.push(buf.subarray(start, i + 1))
      start = i + 1
    }
  }
  if (start < buf.length) lines.push(buf.subarray(start))
  return lines
}

/** Writes stdout line by line, waiting `intervalMs` before each `[target] out|err:` line and after the last one. */
async function writePaced(buf, intervalMs) {
  let streaming = false
  for (const line of splitLines(buf)) {
    const isStream = STREAM_LINE.test(line.toString('utf8'))
    if (isStream || streaming) await sleep(intervalMs)
    streaming = isStream
    await write(process.stdout, line)
  }
}

function envForLog(env) {
  const extra = new Set((env.FAKE_BOLT_LOG_ENV ?? '').split(',').map((s) => s.trim()).filter(Boolean))
  const out = {}
  for (const [k, v] of Object.entries(env)) if (k.startsWith('BOLT_') || extra.has(k)) out[k] = v
  return out
}

function describeNoMatch(argv, request, cases) {
  const lines = [
    'fake-bolt: no recorded Bolt 3.30.0 run matches this invocation.',
    `  argv: ${JSON.stringify(argv)}`,
    `  normalized: ${JSON.stringify(request)}`,
  ]
  const near = cases.filter((c) => c.request.action === request.action)
  lines.push(near.length > 0 ? `  recorded '${request.action}' runs (samples README):` : `  no recorded run has action '${request.action}'.`)
  for (const c of near) lines.push(`    ${c.name}: ${c.line}`)
  lines.push('  (see plugins-bolt/test/fake-bolt/README.md for how argv is matched)')
  return `${lines.join('\n')}\n`
}

function shouldApply(knobPattern, argv) {
  if (!knobPattern) return true
  return new RegExp(knobPattern).test(argv.join(' '))
}

async function hang(env) {
  const ignoreTerm = env.FAKE_BOLT_HANG === 'ignore-term'
  if (ignoreTerm) process.on('SIGTERM', () => {})
  // Same process group as this process: only a group kill ends it.
  const child = ignoreTerm
    ? spawn('sh', ['-c', 'trap "" TERM; echo ready; exec sleep 300'], { stdio: ['ignore', 'pipe', 'ignore'] })
    : spawn('sleep', ['300'], { stdio: 'ignore' })
  // report the pids only once the child is set up (SIGTERM ignored, for ignore-term)
  if (ignoreTerm) await new Promise((resolve) => child.stdout.once('data', resolve))
  else await new Promise((resolve) => child.once('spawn', resolve))
  await write(process.stderr, `fake-bolt: hanging pid=${process.pid} child=${child.pid}\n`)
  // Tests wait for this before signalling, so a SIGTERM never races the handler set-up above.
  if (env.FAKE_BOLT_LOG) fs.appendFileSync(`${env.FAKE_BOLT_LOG}.ready`, `${process.pid}\n`)
  setInterval(() => {}, 1 << 30)
  await new Promise(() => {})
}

/** Entry point: answers one Bolt invocation. */
export async function main(argv, env = process.env) {
  const startedAt = Date.now()
  const versionOnly = argv.includes('--version')
  let found = { case: undefined, request: undefined, streamFallback: false }
  let cases = []
  if (!versionOnly) {
    cases = loadCases(samplesDir(env))
    found = findCase(cases, argv)
  }
  const doHang = ['1', 'true', 'ignore-term'].includes(env.FAKE_BOLT_HANG ?? '') && shouldApply(env.FAKE_BOLT_HANG_ON, argv)
  if (env.FAKE_BOLT_LOG) {
    const entry = {
      argv,
      env: envForLog(env),
      pid: process.pid,
      cwd: process.cwd(),
      startedAt,
      case: versionOnly ? '--version' : (found.case?.name ?? null),
      streamFallback: found.streamFallback,
      hang: doHang,
    }
    fs.appendFileSync(env.FAKE_BOLT_LOG, `${JSON.stringify(entry)}\n`)
  }
  if (doHang) return hang(env)
  const delay = Number(env.FAKE_BOLT_DELAY_MS ?? 0)
  if (delay > 0 && shouldApply(env.FAKE_BOLT_DELAY_ON, argv)) await sleep(delay)

  if (versionOnly) {
    await write(process.stdout, `${env.FAKE_BOLT_VERSION ?? BOLT_VERSION}\n`)
    process.exitCode = 0
    return
  }
  const c = found.case
  if (!c) {
    await write(process.stderr, describeNoMatch(argv, found.request, cases))
    process.exitCode = NO_MATCH_EXIT
    return
  }
  const out = fs.readFileSync(c.outFile)
  const err = fs.readFileSync(c.errFile)
  if (c.request.stream && found.request.stream) {
    // Bolt prints the experimental-stream warning first, then streams.
    if (err.length > 0) await write(process.stderr, err)
    await writePaced(out, Number(env.FAKE_BOLT_STREAM_INTERVAL_MS ?? 50))
  } else {
    if (out.length > 0) await write(process.stdout, out)
    if (err.length > 0) await write(process.stderr, err)
  }
  process.exitCode = c.exitCode
}
