import { isCapstanError } from 'capstan'

/** A thrown value in a few words, for a problem line: `CapstanError NOT_FOUND: ...`, `TypeError: ...`, `a string "boom"`. */
export function describeThrown(error: unknown): string {
  if (isCapstanError(error)) return `CapstanError ${String(error.code)}: ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return `${error === null ? 'null' : `a ${typeof error}`} ${short(error)}`
}

function short(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
