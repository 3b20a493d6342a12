// The build shared by every plugin workspace.
export { default } from '../../plugin-tsup.config.js'
