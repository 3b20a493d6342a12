/**
 * Removes ANSI escape sequences (colours, cursor movement) from text that came
 * from Bolt's terminal-style output. Bolt colours its warnings and errors on
 * stderr even when stderr is not a terminal, and those codes would otherwise
 * end up in error messages shown in logs and UIs.
 *
 * Only for text Bolt wrote itself: output of commands on the targets is left
 * alone, since a command's own colours are part of what it printed.
 */
export function stripAnsi(text: string): string {
  // A fresh regex per call: a shared /g regex carries lastIndex between calls.
  // CSI sequences (ESC [ params final-byte) cover colours; then character-set
  // selection (ESC ( B, which `tput sgr0` emits) and the two-character escapes.
  return text.replace(new RegExp(String.raw`\u001b\[[0-?]*[ -/]*[@-~]|\u001b[()#][0-9A-Za-z]|\u001b[@-Z\\-_]`, 'g'), '')
}
