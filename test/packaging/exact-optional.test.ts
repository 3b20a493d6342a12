// An application compiled with `exactOptionalPropertyTypes: true` can pass a
// possibly-undefined value to every optional field of the public API. One
// TypeScript program over the public entries (through the project's path
// mapping onto the sources) with the flag on: the embedder fixture must
// compile, a canary proves the flag is on, and every optional property a
// public entry reaches must be declared `?: T | undefined`. Only the fixture's
// and the canary's diagnostics are read: the sources themselves are compiled
// without the flag (tsconfig.json), and the published .d.ts are checked with
// it by consumer.test.ts.
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const entries = ['src/index.ts', 'src/plugin-kit/index.ts', 'src/testing/index.ts', 'plugins-bolt/src/index.ts', 'plugins-puppetdb/src/index.ts', 'plugins-ssh/src/index.ts'].map((path) => join(root, path))
const fixture = join(root, 'test/fixtures/exact-optional/embedder.ts')
const canary = join(root, 'test/fixtures/exact-optional/__canary__.ts')
const canaryCode = `export interface Exact { value?: string }
declare const maybe: string | undefined
export const exact: Exact = { value: maybe }
`

/** The program over the public entries, the fixture and the canary, with the flag on. */
function exactProgram(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')) } })
  if (config === undefined) throw new Error('tsconfig.json could not be read')
  const options: ts.CompilerOptions = { ...config.options, exactOptionalPropertyTypes: true, noEmit: true, incremental: false }
  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (path) => path === canary || fileExists.call(host, path)
  host.readFile = (path) => (path === canary ? canaryCode : readFile.call(host, path))
  host.getSourceFile = (path, version, onError, create) => (path === canary ? ts.createSourceFile(path, canaryCode, version, true) : getSourceFile.call(host, path, version, onError, create))
  return ts.createProgram({ rootNames: [...entries, fixture, canary], options, host })
}

/** A file's errors as `path:line: message`. */
function errorsIn(program: ts.Program, path: string): string[] {
  const file = program.getSourceFile(path)
  if (file === undefined) throw new Error(`${path} is not in the program`)
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
    const { line } = file.getLineAndCharacterOfPosition(d.start ?? 0)
    return `${relative(root, path)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}

/** True when a declared type says it takes undefined (or anything). */
function takesUndefined(node: ts.TypeNode): boolean {
  if ([ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.AnyKeyword, ts.SyntaxKind.UnknownKeyword].includes(node.kind)) return true
  if (ts.isUnionTypeNode(node)) return node.types.some(takesUndefined)
  return ts.isParenthesizedTypeNode(node) && takesUndefined(node.type)
}

/**
 * Every optional property reachable from the public entries' exports (their
 * types, members, parameters and results, transitively) that is declared in
 * this repository without `| undefined`, as `file:line name`. Zod shapes are
 * left out: zod types an `.optional()` field as `?: T | undefined` itself.
 * A property made optional by a mapped type (`Partial<T>`) is listed too.
 */
function optionalWithoutUndefined(program: ts.Program): string[] {
  const checker = program.getTypeChecker()
  const ours = (file: string) => file.startsWith(root) && !file.includes('/node_modules/')
  const seenTypes = new Set<ts.Type>()
  const seenProperties = new Set<ts.Symbol>()
  const found = new Set<string>()
  const visitSignature = (signature: ts.Signature) => {
    for (const parameter of signature.getParameters()) {
      if (parameter.valueDeclaration !== undefined) visitType(checker.getTypeOfSymbolAtLocation(parameter, parameter.valueDeclaration))
    }
    visitType(signature.getReturnType())
  }
  const visitProperty = (property: ts.Symbol) => {
    if (seenProperties.has(property)) return
    seenProperties.add(property)
    const declaration = property.declarations?.[0]
    if (declaration === undefined || !ours(declaration.getSourceFile().fileName)) return
    if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private || property.name.startsWith('#')) return
    const isZodShape = ts.isPropertyAssignment(declaration) || ts.isShorthandPropertyAssignment(declaration)
    if (property.flags & ts.SymbolFlags.Optional && !isZodShape) {
      const declared = ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration) ? declaration : undefined
      if (declared?.questionToken === undefined || declared.type === undefined || !takesUndefined(declared.type)) {
        const { line } = declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart())
        found.add(`${relative(root, declaration.getSourceFile().fileName)}:${line + 1} ${property.name}`)
      }
    }
    visitType(checker.getTypeOfSymbol(property))
  }
  const visitType = (type: ts.Type) => {
    if (seenTypes.has(type)) return
    seenTypes.add(type)
    if (type.isUnionOrIntersection()) type.types.forEach(visitType)
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) checker.getTypeArguments(type as ts.TypeReference).forEach(visitType)
    type.aliasTypeArguments?.forEach(visitType)
    // Types of zod, Node and other libraries are theirs; a mapped type over ours is ours.
    const declaration = type.getSymbol()?.declarations?.[0]
    const mapped = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped
    const alias = type.aliasSymbol?.declarations?.[0]
    if (declaration !== undefined && !ours(declaration.getSourceFile().fileName) && !mapped && (alias === undefined || !ours(alias.getSourceFile().fileName))) return
    type.getProperties().forEach(visitProperty)
    ;[...type.getCallSignatures(), ...type.getConstructSignatures()].forEach(visitSignature)
    for (const info of checker.getIndexInfosOfType(type)) visitType(info.type)
  }
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) visitType(checker.getDeclaredTypeOfSymbol(symbol))
      if (symbol.flags & ts.SymbolFlags.Value && symbol.valueDeclaration !== undefined) visitType(checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration))
    }
  }
  return [...found].sort()
}

describe('under exactOptionalPropertyTypes', { timeout: 120_000 }, () => {
  let program: ts.Program

  beforeAll(() => {
    program = exactProgram()
  })

  it('is really on in this program: an own optional field refuses a possibly-undefined value', () => {
    const errors = errorsIn(program, canary)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain("with 'exactOptionalPropertyTypes: true'")
  })

  it('an embedder passes possibly-undefined options and input fields to invoke, every facade kind, createCapstan and the kits', () => {
    expect(errorsIn(program, fixture)).toEqual([])
  })

  it('every optional property the public entries reach is declared `?: T | undefined`', () => {
    expect(optionalWithoutUndefined(program)).toEqual([])
  })
})
