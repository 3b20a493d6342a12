export { BoltItemError, BoltResultItem, BoltResultItems } from './bolt-result-items.js'
export { FACTS_COMMAND, mapFactsItems, type FactsTargetError, type MapFactsOptions, type MappedFacts } from './map-facts-items.js'
