// Vitest reporter: after the run, one line per skipped test with its file and
// the reason it was skipped (the note of `context.skip(note)`, which every
// suite built with `needs()` gives), so a run that skipped says why.
import { relative } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'

/** One skipped test: where it is and why. */
export interface SkippedTest {
  file: string
  name: string
  note: string | undefined
}

/** The lines the reporter prints for `skipped` (none when nothing was skipped). */
export function skipReasonLines(skipped: readonly SkippedTest[]): string[] {
  if (skipped.length === 0) return []
  return [
    `Skipped ${skipped.length} ${skipped.length === 1 ? 'test' : 'tests'}:`,
    ...skipped.map(({ file, name, note }) => `  ${file} > ${name}${note === undefined || name.endsWith(note) ? '' : ` (${note})`}${note === undefined ? ' (no reason given)' : ''}`),
  ]
}

export default class SkipReasonsReporter implements Reporter {
  #vitest: Vitest | undefined

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const root = this.#vitest?.config.root ?? process.cwd()
    const skipped = modules.flatMap((module) =>
      [...module.children.allTests('skipped')].map((test) => {
        const result = test.result()
        return { file: relative(root, module.moduleId), name: test.fullName, note: result.state === 'skipped' ? result.note : undefined }
      }),
    )
    for (const line of skipReasonLines(skipped)) this.#vitest?.logger.log(line)
  }
}
