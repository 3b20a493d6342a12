// Vitest global setup: tells the PuppetDB suites where the services of
// test/infra/start-puppetdb.sh are, when a PuppetDB answers, with an id for
// this run. The first suite that runs loads the dataset for the run (see
// dataset/shared-dataset.ts), so a run without PuppetDB suites never touches
// it. Without a PuppetDB the suites skip saying why (requirements.ts); under CI=true they fail.
import { randomUUID } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { infraEnv, infraEnvOrigin } from '@capstan/test-support/infra-env'
import { serviceAnswers } from '@capstan/test-support/service-probe'
import { silentServiceReason } from '@capstan/test-support/service-requirement'

/** The PuppetDB services the suites receive (`inject('puppetdb')`). */
export interface PuppetDbServices {
  /** Plain-HTTP URL of the main PuppetDB, which holds the dataset. */
  url: string
  /** https URL of the same PuppetDB, client certificates required. */
  tlsUrl?: string
  /** Directory with ca.pem, client.pem/key and stranger.pem/key (a CA PuppetDB does not trust). */
  tlsDir?: string
  /** A second PuppetDB with its own database, which the fault test stops and starts. */
  faultUrl?: string
  /** test/infra/puppetdb.sh, to stop and start the fault instance. */
  ctl?: string
  /** Identifies this test run, so the dataset is loaded once per run. */
  runId: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    puppetdb: PuppetDbServices | null
    /** Why `puppetdb` is null: what is missing and how to start it. */
    puppetdbMissing: string
  }
}

/** Why the suites cannot use a PuppetDB at `url`, or '' when it answers (probed once per run, here). */
async function missingPuppetDb(url: string | undefined): Promise<string> {
  const start = 'start it: bash test/infra/start-puppetdb.sh'
  if (url === undefined) return `PuppetDB not running: no PUPPETDB_URL in test/infra/.env or the environment (${start})`
  const status = { url: `${url}/status/v1/services/puppetdb-status` }
  return (await serviceAnswers(status)) ? '' : silentServiceReason('PuppetDB', status, infraEnvOrigin('PUPPETDB_URL'), start)
}

export default async function setup(project: TestProject): Promise<void> {
  const env = infraEnv()
  const url = env.PUPPETDB_URL
  const missing = await missingPuppetDb(url)
  project.provide('puppetdbMissing', missing)
  if (url === undefined || missing !== '') {
    project.provide('puppetdb', null)
    return
  }
  project.provide('puppetdb', {
    url,
    runId: randomUUID(),
    ...(env.PUPPETDB_TLS_URL === undefined ? {} : { tlsUrl: env.PUPPETDB_TLS_URL }),
    ...(env.PUPPETDB_TLS_DIR === undefined ? {} : { tlsDir: env.PUPPETDB_TLS_DIR }),
    ...(env.PUPPETDB_FAULT_URL === undefined ? {} : { faultUrl: env.PUPPETDB_FAULT_URL }),
    ...(env.PUPPETDB_CTL === undefined ? {} : { ctl: env.PUPPETDB_CTL }),
  })
}
