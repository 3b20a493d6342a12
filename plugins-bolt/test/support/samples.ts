// Reads the recorded Bolt 3.30.0 runs in plugins-bolt/test/fixtures/samples (see its README.md).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Node } from 'capstan'
import { StreamLineParser, type StreamLine } from '../../src/bolt-cli/stream-line-parser.js'

/** The samples directory, with a trailing slash. */
export const samplesDir = fileURLToPath(new URL('../fixtures/samples/', import.meta.url))

/** The recorded Bolt project the samples ran in. */
export const projectDir = fileURLToPath(new URL('../fixtures/project', import.meta.url))

/** Exit codes as samples/README.md gives them (`### NAME (exit code N)`). */
export const exitCodes: ReadonlyMap<string, number> = new Map(
  [...readFileSync(`${samplesDir}README.md`, 'utf8').matchAll(/^### (\w+) \(exit code (\d+)\)$/gm)].map((m) => [m[1] ?? '', Number(m[2])]),
)

/** The recorded stdout file `file` (`task_run_facts.out`), parsed as JSON. */
export const sampleJson = (file: string): unknown => JSON.parse(readFileSync(`${samplesDir}${file}`, 'utf8'))

/** Paths and contents of one recorded run. */
export function sample(name: string): { out: string; err: string; outFile: string; errFile: string; exitCode: number } {
  const outFile = `${samplesDir}${name}.out`
  const errFile = `${samplesDir}${name}.err`
  const exitCode = exitCodes.get(name)
  if (exitCode === undefined) throw new Error(`no exit code recorded for ${name}`)
  return { out: readFileSync(outFile, 'utf8'), err: readFileSync(errFile, 'utf8'), outFile, errFile, exitCode }
}

/** A sample's stdout split by StreamLineParser, fed in chunks of `chunkSize` characters. */
export function splitSample(name: string, chunkSize = Number.POSITIVE_INFINITY): { document: string; lines: StreamLine[] } {
  const { out } = sample(name)
  const parser = new StreamLineParser()
  const items = []
  const size = Number.isFinite(chunkSize) ? chunkSize : out.length || 1
  for (let i = 0; i < out.length; i += size) items.push(...parser.push(out.slice(i, i + size)))
  items.push(...parser.end())
  return {
    document: items.flatMap((item) => (item.kind === 'document' ? [item.text] : [])).join(''),
    lines: items.flatMap((item) => (item.kind === 'stream' ? [item] : [])),
  }
}

/** A node whose Bolt name (`sourceData.bolt.id`) may differ from its id. */
export function boltNode(boltName: string, id = boltName): Node {
  return {
    id,
    name: id,
    aliases: [],
    groups: [],
    sources: ['bolt'],
    sourceData: { bolt: { id: boltName } },
  }
}

/** Bolt's name of a node, as the plugin reads it. */
export const boltName = (node: Node): string => node.sourceData.bolt?.id ?? node.id
