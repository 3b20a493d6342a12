import { readdirSync, readFileSync } from 'node:fs'

/** A process as /proc shows it; `startTime` tells a process from a later one that reuses its pid. */
export interface ProcessRecord {
  pid: number
  startTime: string
  command: string
}

interface ProcessStat {
  pid: number
  ppid: number
  state: string
  startTime: string
}

/**
 * The processes below this one (children, their children, ...) that are
 * running, from /proc. Undefined where there is no /proc (not Linux): the
 * kit then relies on `process.getActiveResourcesInfo()` alone.
 */
export function descendantProcesses(root = process.pid): ProcessRecord[] | undefined {
  const table = processTable()
  if (table === undefined) return undefined
  const children = new Map<number, ProcessStat[]>()
  for (const stat of table.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat])
  const found: ProcessRecord[] = []
  const queue = [...(children.get(root) ?? [])]
  for (let stat = queue.shift(); stat !== undefined; stat = queue.shift()) {
    if (stat.state !== 'Z') found.push({ pid: stat.pid, startTime: stat.startTime, command: commandOf(stat.pid) })
    queue.push(...(children.get(stat.pid) ?? []))
  }
  return found
}

/** Whether the process is still running (not gone, not a zombie, not another process with its pid). */
export function isRunning(record: ProcessRecord): boolean {
  const stat = readStat(record.pid)
  return stat !== undefined && stat.state !== 'Z' && stat.startTime === record.startTime
}

/** Kills a process left behind, so one broken plugin does not keep the test run alive. */
export function killProcess(record: ProcessRecord): void {
  if (!isRunning(record)) return
  try {
    process.kill(record.pid, 'SIGKILL')
  } catch {
    // Gone in the meantime.
  }
}

function processTable(): Map<number, ProcessStat> | undefined {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return undefined
  }
  const table = new Map<number, ProcessStat>()
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat !== undefined) table.set(stat.pid, stat)
  }
  return table
}

function readStat(pid: number): ProcessStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // After "pid (comm) " come state, ppid, ... and starttime as the 20th field; comm may hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), startTime: fields[19] ?? '' }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200)
  } catch {
    return '?'
  }
}
