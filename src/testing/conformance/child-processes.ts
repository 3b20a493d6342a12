import { readdirSync, readFileSync } from 'node:fs'

/** A process as /proc shows it; `startTime` tells a process from a later one that reuses its pid. */
export interface ProcessRecord {
  pid: number
  ppid: number
  /** Its process group. */
  pgrp: number
  /** `Z` for a zombie, else running or sleeping. */
  state: string
  startTime: string
}

/** Every process of the machine by pid, from /proc; undefined where there is no /proc (not Linux). */
export function processTable(): Map<number, ProcessRecord> | undefined {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return undefined
  }
  const table = new Map<number, ProcessRecord>()
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const record = readRecord(Number(entry))
    if (record !== undefined) table.set(record.pid, record)
  }
  return table
}

/** The processes below `root` in `table` (children, their children, ...). */
export function descendantsOf(table: ReadonlyMap<number, ProcessRecord>, root: number): ProcessRecord[] {
  const children = new Map<number, ProcessRecord[]>()
  for (const record of table.values()) children.set(record.ppid, [...(children.get(record.ppid) ?? []), record])
  const found: ProcessRecord[] = []
  const queue = [...(children.get(root) ?? [])]
  for (let record = queue.shift(); record !== undefined; record = queue.shift()) {
    found.push(record)
    queue.push(...(children.get(record.pid) ?? []))
  }
  return found
}

/** A key that names one process for its whole life: pid and start time. */
export function processKey(record: ProcessRecord): string {
  return `${record.pid}:${record.startTime}`
}

/** Its command line, for a report (`sleep 30`). */
export function commandOf(record: ProcessRecord): string {
  try {
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200)
  } catch {
    return '?'
  }
}

/** Whether the process still runs: not gone, not a zombie, and its pid not taken by another. */
export function isRunning(record: ProcessRecord): boolean {
  const now = readRecord(record.pid)
  return now !== undefined && now.state !== 'Z' && now.startTime === record.startTime
}

/** Kills a process left behind (unless it is gone or its pid now names another), so one broken plugin does not keep the test run alive. */
export function killProcess(record: ProcessRecord): void {
  if (!isRunning(record)) return
  try {
    process.kill(record.pid, 'SIGKILL')
  } catch {
    // Gone in the meantime.
  }
}

function readRecord(pid: number): ProcessRecord | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // After "pid (comm) " come state, ppid, pgrp, ... and starttime as the 20th; comm may hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: fields[19] ?? '' }
}
