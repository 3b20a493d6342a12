// Prints the closing line CI reads ("N passed, N failed, N skipped") from
// vitest's JSON report, and under CI=true fails when any test was skipped:
// a skipped integration suite means a service did not start.
import { readFileSync } from 'node:fs'

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const passed = report.numPassedTests
const failed = report.numFailedTests
const skipped = report.numPendingTests + report.numTodoTests
if (process.env.CI === 'true' && skipped > 0) {
  const names = report.testResults.flatMap((file) =>
    file.assertionResults.filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo').map((t) => `${file.name}: ${t.fullName}`),
  )
  console.error(`CI=true and ${skipped} tests were skipped:\n  ${names.join('\n  ')}`)
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 || (process.env.CI === 'true' && skipped > 0) ? 1 : 0)
