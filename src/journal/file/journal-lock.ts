import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CapstanError } from '../../errors/capstan-error.js'

/** What the lock file holds: who writes the journal. */
interface LockHolder {
  pid: number
  host: string
  startedAt: string
  /** Tells this holder's lock from a later one of the same pid. */
  token: string
}

/** The one-writer lock of a file journal directory. */
export interface JournalLock {
  /** Removes the lock file, when it is still this lock's. */
  release(): Promise<void>
}

/** A takeover guard older than this was left by a process that died while taking a stale lock over. */
const ABANDONED_GUARD_MS = 10_000

/**
 * Takes the one-writer lock of `dir`: `journal.lock`, holding pid, host and
 * start time, made whole before it appears (written to a private file, then
 * hard-linked into place, which fails when the lock exists). A lock whose
 * process is gone (same host) is taken over: only the process that creates
 * the guard `journal.lock.takeover` may remove it, and only when it still
 * is the stale lock it read, so two processes racing for a stale lock end
 * with one holder.
 *
 * @throws CapstanError UNAVAILABLE (`reason: 'journal-locked'`, `field: 'dir'`, `pid`) while a live process holds it.
 */
export async function acquireJournalLock(dir: string): Promise<JournalLock> {
  const path = join(dir, 'journal.lock')
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID() }
  const mine = join(dir, `journal.lock.${me.token}`)
  await writeFile(mine, JSON.stringify(me))
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (await linked(mine, path)) return { release: () => release(path, me) }
      const holder = await readHolder(path)
      if (holder === undefined) continue // released meanwhile
      if (holder === 'unreadable') throw lockedError(dir, path, undefined)
      if (!isStale(holder)) throw lockedError(dir, path, holder)
      await takeOver(path, holder, mine)
    }
    throw lockedError(dir, path, undefined)
  } finally {
    await unlink(mine).catch(() => {})
  }
}

/** Hard-links `from` to `to`; false when `to` exists. */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

async function readHolder(path: string): Promise<LockHolder | 'unreadable' | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>
    if (typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.token === 'string') return { startedAt: '', ...holder } as LockHolder
  } catch {
    // fall through
  }
  return 'unreadable'
}

/** A lock whose process is gone: same host (another host's processes cannot be checked), and no such pid, or a zombie. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

/** Removes the stale lock `holder` under the takeover guard; returns without removing anything when another process holds the guard. */
async function takeOver(path: string, holder: LockHolder, mine: string): Promise<void> {
  const guard = `${path}.takeover`
  if (!(await linked(mine, guard))) {
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    )
    if (age > ABANDONED_GUARD_MS) await unlink(guard).catch(() => {})
    else await sleep(10)
    return
  }
  try {
    const now = await readHolder(path)
    if (typeof now === 'object' && now.token === holder.token) await unlink(path)
  } finally {
    await unlink(guard)
  }
}

async function release(path: string, me: LockHolder): Promise<void> {
  const holder = await readHolder(path)
  if (typeof holder === 'object' && holder.token === me.token) await unlink(path)
}

function lockedError(dir: string, path: string, holder: LockHolder | undefined): CapstanError {
  const who = holder === undefined ? 'another process' : `process ${holder.pid} on ${holder.host}${holder.startedAt === '' ? '' : ` (since ${holder.startedAt})`}${holder.pid === process.pid && holder.host === hostname() ? ', this process: another store open on it' : ''}`
  return new CapstanError('UNAVAILABLE', {
    message: `The file journal in ${dir} is in use by ${who}: one process writes a file journal at a time. Close that store or stop that process, or give this one another directory; if that process is gone (on another host), delete ${path}.`,
    details: { reason: 'journal-locked', field: 'dir', ...(holder === undefined ? {} : { pid: holder.pid, host: holder.host }) },
  })
}
