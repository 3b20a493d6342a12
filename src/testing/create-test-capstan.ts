import { createCapstan, type Capstan, type CapstanOptions } from 'capstan'
import { RecordingLogger } from './recording-logger.js'

/**
 * A Capstan for tests: every provider output is checked against its schema,
 * logs are recorded, and it is closed by `await using`.
 */
export async function createTestCapstan(options: CapstanOptions = {}): Promise<Capstan & { logger: RecordingLogger }> {
  const logger = options.logger instanceof RecordingLogger ? options.logger : new RecordingLogger()
  // `validateOutput: undefined` means the default here too, so it must not win the spread.
  const capstan = await createCapstan({ ...options, validateOutput: options.validateOutput ?? true, logger })
  return Object.assign(capstan, { logger })
}
