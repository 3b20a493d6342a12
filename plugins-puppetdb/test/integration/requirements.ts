// What the PuppetDB suites need of test/infra/start-puppetdb.sh, each with
// what to do when it is missing (see @capstan/test-support/requirement).
import { inject } from 'vitest'
import { requirement } from '@capstan/test-support/requirement'

const services = inject('puppetdb')
const start = 'start it: bash test/infra/start-puppetdb.sh'

/** The main PuppetDB answers. */
export const puppetDbRunning = requirement(services !== null, inject('puppetdbMissing'))
/** Its HTTPS port, with the client certificates. */
export const puppetDbTls = requirement(services?.tlsUrl !== undefined && services.tlsDir !== undefined, `PuppetDB’s HTTPS port not set up: no PUPPETDB_TLS_URL or PUPPETDB_TLS_DIR (${start})`)
/** The fault instance, which a suite may stop and start. */
export const puppetDbFaultInstance = requirement(services?.faultUrl !== undefined, `PuppetDB fault instance not set up: no PUPPETDB_FAULT_URL (${start})`)
/** test/infra/puppetdb.sh, which stops and starts the fault instance. */
export const puppetDbControl = requirement(services?.ctl !== undefined, `no PUPPETDB_CTL to stop and start the fault instance with (${start})`)
