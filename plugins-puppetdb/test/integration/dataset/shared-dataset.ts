// The integration dataset, loaded once per test run by whichever PuppetDB
// suite needs it first (so runs that hold no PuppetDB suite never touch
// PuppetDB), and shared through a marker file by the suites' workers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import type { PuppetDbServices } from '../global-setup.js'
import { loadDataset, type Dataset } from './load-dataset.js'

/** What the PuppetDB suites work with: the services, and the dataset loaded into `url`. */
export interface PuppetDbSetup extends PuppetDbServices {
  dataset: Dataset
}

const marker = path.join(tmpdir(), 'capstan-puppetdb-dataset.json')
const lock = path.join(tmpdir(), 'capstan-puppetdb-dataset.lock')

/**
 * The services the global setup found, with the dataset loaded for this run;
 * null when no PuppetDB answered (the suites skip). The first worker to ask
 * loads it under a lock; the others read what it recorded.
 */
export async function puppetdbSetup(): Promise<PuppetDbSetup | null> {
  const services = inject('puppetdb')
  if (services === null) return null
  await acquire()
  try {
    const recorded = readMarker()
    if (recorded?.runId === services.runId) return { ...services, dataset: recorded.dataset }
    const dataset = await loadDataset(services.url)
    writeFileSync(marker, JSON.stringify({ runId: services.runId, dataset }))
    return { ...services, dataset }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function readMarker(): { runId: string; dataset: Dataset } | undefined {
  try {
    return JSON.parse(readFileSync(marker, 'utf8')) as { runId: string; dataset: Dataset }
  } catch {
    return undefined
  }
}

/** Takes the lock directory; one left by a process that died is taken over. */
async function acquire(): Promise<void> {
  const deadline = Date.now() + 300_000
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(path.join(lock, 'pid'), String(process.pid))
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (!holderAlive()) rmSync(lock, { recursive: true, force: true })
    else if (Date.now() > deadline) throw new Error(`the PuppetDB dataset lock ${lock} was held for 5 minutes`)
    else await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function holderAlive(): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'))
  } catch {
    // Just made, pid not written yet: its maker is alive.
    return true
  }
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
