// Vitest global setup: when a PuppetDB from test/infra/start-puppetdb.sh
// answers, load the integration dataset into it once for the whole run and
// hand its description to the suites (`inject('puppetdb')`). Without one the
// suites skip, which CI (CI=true) counts as a failure.
import type { TestProject } from 'vitest/node'
import { answers, infraEnv } from '../../../test/support/infra-env.js'
import { loadDataset, type Dataset } from './dataset/load-dataset.js'

/** What the PuppetDB suites receive. */
export interface PuppetDbSetup {
  dataset: Dataset
  /** https URL of the same PuppetDB, client certificates required. */
  tlsUrl?: string
  /** Directory with ca.pem, client.pem/key and stranger.pem/key (a CA PuppetDB does not trust). */
  tlsDir?: string
  /** A second PuppetDB with its own database, which the fault test stops and starts. */
  faultUrl?: string
  /** test/infra/puppetdb.sh, to stop and start the fault instance. */
  ctl?: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    puppetdb: PuppetDbSetup | null
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const env = infraEnv()
  const url = env.PUPPETDB_URL
  if (url === undefined || !(await answers(`${url}/status/v1/services/puppetdb-status`))) {
    project.provide('puppetdb', null)
    return
  }
  const dataset = await loadDataset(url)
  project.provide('puppetdb', {
    dataset,
    ...(env.PUPPETDB_TLS_URL === undefined ? {} : { tlsUrl: env.PUPPETDB_TLS_URL }),
    ...(env.PUPPETDB_TLS_DIR === undefined ? {} : { tlsDir: env.PUPPETDB_TLS_DIR }),
    ...(env.PUPPETDB_FAULT_URL === undefined ? {} : { faultUrl: env.PUPPETDB_FAULT_URL }),
    ...(env.PUPPETDB_CTL === undefined ? {} : { ctl: env.PUPPETDB_CTL }),
  })
}
