export * from './glob-matcher.js'
export * from './linear-regex.js'
export * from './parse-glob.js'
