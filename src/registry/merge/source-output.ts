/** One provider's output, labelled with the plugin that produced it. */
export interface SourceOutput {
  plugin: string
  output: unknown
}
