/** Shorter values are not redacted: see {@link redactSecrets}. */
export const MIN_REDACTED_LENGTH = 4

/** What replaces a secret in a message. */
export const REDACTED = '[redacted]'

/**
 * Replaces every occurrence of each secret in `text` with {@link REDACTED}.
 * Used on Bolt's messages before they become errors, because Bolt may quote
 * its arguments, and the arguments carry environment values and task
 * parameters. Values shorter than {@link MIN_REDACTED_LENGTH} characters are
 * left alone: replacing `1` or `yes` everywhere would garble the message,
 * and values that short are not credentials.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = secrets.filter((s) => s.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length)
  let out = text
  for (const secret of ordered) out = out.split(secret).join(REDACTED)
  return out
}
