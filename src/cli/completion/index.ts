export { bashCompletion } from './bash-completion.js'
export { zshCompletion } from './zsh-completion.js'
