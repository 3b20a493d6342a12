export { gatherRemoteFacts, type GatherRemoteFactsOptions } from './gather-remote-facts.js'
export { parseRemoteFacts, type ParseRemoteFactsOptions } from './parse-remote-facts.js'
export { REMOTE_FACTS_SCRIPT, FACTS_SECTION_MARKER } from './remote-facts-script.js'
