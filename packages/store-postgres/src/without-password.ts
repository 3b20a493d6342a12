import { CapstanError } from 'capstan'

/** The password of a postgres:// URL (decoded), or undefined. */
export function passwordOf(connectionString: string | undefined): string | undefined {
  if (connectionString === undefined || !URL.canParse(connectionString)) return undefined
  const { password } = new URL(connectionString)
  if (password === '') return undefined
  try {
    return decodeURIComponent(password)
  } catch {
    return password
  }
}

/** `text` with every occurrence of the password (as written and decoded) replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***')
  return out
}

/**
 * A database failure as UNAVAILABLE (retryable), its message and its cause
 * free of the password: the cause is a plain Error with the driver's message
 * and SQLSTATE `code`, not the driver's own error (which may carry the
 * connection settings).
 */
export function unavailable(what: string, error: unknown, secrets: readonly string[]): CapstanError {
  const message = redact(error instanceof Error ? error.message : String(error), secrets)
  const code = (error as { code?: unknown } | null)?.code
  const cause = Object.assign(new Error(message), typeof code === 'string' ? { code } : {})
  return new CapstanError('UNAVAILABLE', { message: `${what}: ${message}`, cause })
}

/** The secrets of a connection string, as written in the URL and decoded. */
export function secretsOf(connectionString: string | undefined): string[] {
  const decoded = passwordOf(connectionString)
  if (decoded === undefined || connectionString === undefined) return []
  return [...new Set([decoded, new URL(connectionString).password, encodeURIComponent(decoded)])]
}
