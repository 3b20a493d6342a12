const ANSI_SEQUENCE = /\u001b\[[0-9;]*[A-Za-z]/g

/** Removes ANSI colour and cursor sequences from `text`. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '')
}

/** Code points that take no column: combining marks, zero-width joiners and variation selectors. */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x20d0 && code <= 0x20ff)
  )
}

/** Code points a terminal draws two columns wide: CJK, Hangul, full-width forms and most emoji. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f680 && code <= 0x1f6ff) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

/**
 * How many terminal columns `text` takes: ANSI sequences count for nothing,
 * CJK and emoji for two, combining marks for none, anything else for one.
 * An approximation (no grapheme clustering), enough to align table columns.
 */
export function visibleWidth(text: string): number {
  let width = 0
  for (const char of stripAnsi(text)) {
    const code = char.codePointAt(0) ?? 0
    if (isZeroWidth(code)) continue
    width += isWide(code) ? 2 : 1
  }
  return width
}
