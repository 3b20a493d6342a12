// Types for fake-bolt.mjs, so TypeScript tests can import its helpers.

export declare const BOLT_VERSION: string
export declare const NO_MATCH_EXIT: number

export interface FakeBoltRequest {
  version: boolean
  /** Subcommand words, e.g. `command run`, `task show`, `inventory show`. */
  action: string
  /** Positionals after the subcommand words. */
  args: string[]
  /** Sorted, de-duplicated targets; undefined when no --targets/-t was given. */
  targets: string[] | undefined
  /** Sorted `K=V` values of --env-var. */
  envVars: string[]
  /** Parsed --params JSON. */
  params: unknown
  format: string
  detail: boolean
  stream: boolean
  /** Other options that must match exactly, sorted. */
  other: string[]
  /** Options ignored for matching (--project, --no-color, ...). */
  ignored: string[]
}

export interface FakeBoltCase {
  name: string
  exitCode: number
  /** argv without the leading `bolt`. */
  argv: string[]
  /** The README's command line. */
  line: string
  outFile: string
  errFile: string
  request: FakeBoltRequest
}

export declare function samplesDir(env?: NodeJS.ProcessEnv): string
export declare function shellWords(line: string): string[]
export declare function parseReadme(text: string): Array<Pick<FakeBoltCase, 'name' | 'exitCode' | 'argv' | 'line'>>
export declare function loadCases(dir?: string): FakeBoltCase[]
export declare function normalize(argv: readonly string[]): FakeBoltRequest
export declare function sameRequest(recorded: FakeBoltRequest, requested: FakeBoltRequest): boolean
export declare function findCase(
  cases: readonly FakeBoltCase[],
  argv: readonly string[],
): { case: FakeBoltCase | undefined; request: FakeBoltRequest; streamFallback: boolean }
export declare function main(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<void>
