import { createCapstan, type Capstan, type CapstanOptions } from 'capstan'
import { RecordingLogger } from './recording-logger.js'

/**
 * A Capstan for tests: every provider output is checked against its schema,
 * logs are recorded, and it is closed by `await using`.
 */
export async function createTestCapstan(options: CapstanOptions = {}): Promise<Capstan & { logger: RecordingLogger }> {
  const logger = options.logger instanceof RecordingLogger ? options.logger : new RecordingLogger()
  const capstan = await createCapstan({ validateOutput: true, ...options, logger })
  return Object.assign(capstan, { logger })
}
