// A child process for the file journal tests, run with `node --import tsx`:
//   open <dir>          opens the journal and prints the outcome as JSON (a lock test)
//   append-loop <dir>   appends batches of 200 entries forever, printing each batch's number once its append resolved
import { isCapstanError, openFileJournalStore, type JournalEntry } from '../../../src/index.js'

const [mode, dir] = process.argv.slice(2)
if (dir === undefined) throw new Error('usage: journal-writer.ts open|append-loop <dir>')

if (mode === 'open') {
  try {
    const store = await openFileJournalStore({ dir })
    await store.close()
    console.log(JSON.stringify({ opened: true }))
  } catch (error) {
    console.log(JSON.stringify(isCapstanError(error) ? { code: error.code, details: error.details, message: error.message } : { error: String(error) }))
  }
} else {
  const store = await openFileJournalStore({ dir, syncIntervalMs: 2, maxSegmentBytes: 1024 * 1024 })
  const padding = 'x'.repeat(1_000)
  for (let batch = 0; ; batch += 1) {
    const entries: JournalEntry[] = Array.from({ length: 200 }, (_, i) => ({ id: `b${batch}-${i}`, node: `n${i % 10}`, time: new Date().toISOString(), kind: 'note', source: 'host', summary: `batch ${batch}`, body: { padding } }))
    await store.append(entries)
    // A pipe is written synchronously on Linux: once this returns, the parent can read it.
    process.stdout.write(`${batch}\n`)
  }
}
