import { isCapstanError, SourceNode } from 'capstan'
import { describe, expect, it } from 'vitest'
import { catchError as errorOf } from '@capstan/test-support/catch-error'
import { sshConfigNodes, type SshConfigNote } from '../../src/inventory/index.js'

const HOME = '/home/ops'
const read = (text: string, notes: SshConfigNote[] = []) =>
  sshConfigNodes(text, { source: '~/.ssh/config', homeDir: HOME, onNote: (note) => notes.push(note) })

const SAMPLE = `# Managed by ops — do not edit by hand
IdentitiesOnly yes

Host bastion
    HostName bastion.example.com
    User jump
    Port 2201

Host web1 web2
    User deploy

Host db1.example.com
    hostname 10.0.4.11
    IDENTITYFILE ~/.ssh/db_ed25519
    ProxyJump bastion

Host legacy
    HostName=192.0.2.40
    Port=2222
    User = root

Match host *.internal exec "test -f /tmp/never"
    User matched
    Port 9999

Host *.example.com !bastion.example.com
    ProxyJump bastion
    User svc

Host *
    User fallback
    IdentityFile ~/.ssh/id_ed25519
    ServerAliveInterval 30
`

function byId(nodes: SourceNode[]) {
  return Object.fromEntries(nodes.map((node) => [node.id, node]))
}

describe('sshConfigNodes', () => {
  it('lists every concrete alias once, in file order, and no wildcard block', () => {
    expect(read(SAMPLE).map((node) => node.id)).toEqual(['bastion', 'web1', 'web2', 'db1.example.com', 'legacy'])
  })

  it('produces nodes that the SourceNode schema accepts, with transport ssh', () => {
    for (const node of read(SAMPLE)) {
      expect(SourceNode.parse(node)).toEqual(node)
      expect(node.transport).toBe('ssh')
    }
  })

  it('resolves settings the way OpenSSH does: first obtained value wins, wildcard blocks fill the gaps', () => {
    const nodes = byId(read(SAMPLE))
    expect(nodes.bastion).toEqual({
      id: 'bastion',
      uri: 'ssh://jump@bastion.example.com:2201',
      transport: 'ssh',
      config: { hostname: 'bastion.example.com', user: 'jump', port: 2201, identityFile: ['/home/ops/.ssh/id_ed25519'] },
    })
    // `*.example.com` matches the alias db1.example.com and comes before `Host *`, so its User wins.
    expect(nodes['db1.example.com']!.config).toEqual({
      hostname: '10.0.4.11',
      user: 'svc',
      port: 22,
      identityFile: ['/home/ops/.ssh/db_ed25519', '/home/ops/.ssh/id_ed25519'],
      proxyJump: 'bastion',
    })
    expect(nodes['db1.example.com']!.uri).toBe('ssh://svc@10.0.4.11:22')
  })

  it('gives each alias of a multi-alias Host line its own node, with HostName defaulting to the alias', () => {
    const nodes = byId(read(SAMPLE))
    expect(nodes.web1!.uri).toBe('ssh://deploy@web1:22')
    expect(nodes.web2!.uri).toBe('ssh://deploy@web2:22')
    expect(nodes.web2!.config).toMatchObject({ hostname: 'web2', user: 'deploy' })
    expect(nodes.web1!.aliases).toBeUndefined()
  })

  it('reads the Key=Value form and mixed-case keywords', () => {
    expect(byId(read(SAMPLE)).legacy!.config).toMatchObject({ hostname: '192.0.2.40', port: 2222, user: 'root' })
  })

  it('never applies a Match exec block and reports it with its file and line', () => {
    const notes: SshConfigNote[] = []
    const nodes = read(SAMPLE, notes)
    for (const node of nodes) expect(node.config!.user).not.toBe('matched')
    expect(notes).toEqual([{ file: '~/.ssh/config', line: 22, directive: 'Match', message: 'Match exec is not evaluated: its block is applied to no host' }])
  })

  it('applies the Match blocks that run no command, first obtained value still winning', () => {
    const text = ['Host db2', '  HostName db2.internal', 'Match originalhost db2', '  User dbowner', 'Match host *.internal !user root', '  Port 2202', 'Host *', '  User wrong', ''].join('\n')
    expect(read(text)[0]!.uri).toBe('ssh://dbowner@db2.internal:2202')
  })

  it('puts no secrets or unrelated settings in config', () => {
    const text = `Host app\n  HostName app.example.com\n  ProxyCommand ssh -W %h:%p gw\n  IdentityAgent ~/.1password/agent.sock\n  PasswordAuthentication yes\n`
    expect(read(text)[0]!.config).toEqual({ hostname: 'app.example.com', port: 22 })
  })

  it('uses defaults only where no block sets User or Port', () => {
    const text = `Host a\n  Port 2022\nHost b\n  User alice\n`
    const nodes = byId(sshConfigNodes(text, { source: 'cfg', homeDir: HOME, defaults: { user: 'ci', port: 2200 } }))
    expect(nodes.a!.uri).toBe('ssh://ci@a:2022')
    expect(nodes.b!.uri).toBe('ssh://alice@b:2200')
  })

  it('leaves the user out when neither the file nor the defaults give one', () => {
    const [node] = read('Host plain\n')
    expect(node!.uri).toBe('ssh://plain:22')
    expect(node!.config).toEqual({ hostname: 'plain', port: 22 })
  })

  it('skips patterns with ?, negations and wildcards but keeps concrete names on the same line', () => {
    expect(read('Host web? !web9 app1 *.lan\n  User x\n').map((node) => node.id)).toEqual(['app1'])
  })

  it('lists an alias named in two blocks once, merging both', () => {
    const nodes = read('Host app\n  User a\nHost other app\n  Port 2200\n')
    expect(nodes.map((node) => node.id)).toEqual(['app', 'other'])
    expect(nodes[0]!.uri).toBe('ssh://a@app:2200')
  })

  it('expands ~ against the injected home only at the start of a path, and %h in HostName', () => {
    const text = `Host box\n  HostName %h.corp.example\n  IdentityFile "~/keys/my key"\n  IdentityFile /etc/ssh/~odd\n  IdentityFile ~\n`
    expect(read(text)[0]!.config).toEqual({
      hostname: 'box.corp.example',
      port: 22,
      identityFile: ['/home/ops/keys/my key', '/etc/ssh/~odd', '/home/ops'],
    })
  })

  it('lets ProxyJump none switch off a jump host a later wildcard block sets', () => {
    const nodes = byId(read('Host direct\n  ProxyJump none\nHost inner\nHost *\n  ProxyJump gw\n'))
    expect(nodes.direct!.config!.proxyJump).toBeUndefined()
    expect(nodes.inner!.config!.proxyJump).toBe('gw')
  })

  it('brackets an IPv6 HostName in the uri', () => {
    expect(read('Host v6\n  HostName 2001:db8::5\n')[0]!.uri).toBe('ssh://[2001:db8::5]:22')
  })

  it('passes Include and unrelated directives through, noting the Include', () => {
    const notes: SshConfigNote[] = []
    const nodes = read('Include ~/.ssh/config.d/*\nCompression yes\n\nHost a\n  ForwardAgent yes\n', notes)
    expect(nodes.map((node) => node.id)).toEqual(['a'])
    expect(notes).toEqual([expect.objectContaining({ line: 1, directive: 'Include' })])
  })

  it('returns no nodes for an empty file or one with only comments and wildcards', () => {
    expect(read('')).toEqual([])
    expect(read('# nothing\n\nHost *\n  User x\n')).toEqual([])
  })

  it('handles CRLF line endings and counts lines the same way', () => {
    const notes: SshConfigNote[] = []
    expect(read('Host a\r\n  User b\r\n\r\nMatch exec true\r\n  User c\r\n', notes)[0]!.uri).toBe('ssh://b@a:22')
    expect(notes[0]!.line).toBe(4)
  })

  it('does not resolve names for CanonicalizeHostName, and says so', () => {
    const notes: SshConfigNote[] = []
    const text = 'Host shortname\n  CanonicalizeHostName yes\n  CanonicalDomains invalid.test\n'
    expect(read(text, notes)[0]!.uri).toBe('ssh://shortname:22')
    expect(notes).toEqual([expect.objectContaining({ line: 2, directive: 'CanonicalizeHostName' })])
  })

  it('leaves out an alias whose own block never applies to it, with a note naming its line', () => {
    const notes: SshConfigNote[] = []
    const nodes = read('Host a\nMatch localuser nobody-here\n  User x\nHost * !hidden hidden\n  Port 2200\n', notes)
    expect(nodes.map((node) => node.id)).toEqual(['a'])
    expect(notes).toEqual([expect.objectContaining({ line: 4, directive: 'Host', message: expect.stringContaining('Host hidden is not listed') })])
  })

  it('lower-cases the host name as OpenSSH does, but not the alias', () => {
    const [node] = read('Host Web1\n  HostName Web1.Example.COM\n')
    expect(node).toMatchObject({ id: 'Web1', uri: 'ssh://web1.example.com:22', config: { hostname: 'web1.example.com' } })
  })

  describe('errors', () => {
    it('rejects a Port that is not a number, naming the file and its line', () => {
      const error = errorOf(() => read('# top\nHost a\n  HostName a.example.com\n\n  Port ssh\n'))
      expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
      expect((error as Error).message).toBe('Invalid ssh_config ~/.ssh/config: line 5: Port "ssh" is not a number from 1 to 65535')
      expect(error).toMatchObject({ details: { file: '~/.ssh/config', line: 5, field: 'Port', value: 'ssh' } })
    })

    it('rejects an out-of-range Port even in a block that matches no listed host', () => {
      const error = errorOf(() => read('Host a\nHost *.lan\n  Port 70000\n'))
      expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { line: 3, field: 'Port' } })
    })

    it('turns a parser failure into a CONFIG_ERROR with the line', () => {
      const error = errorOf(() => read('Host a\n  User x\n  ProxyCommand ssh -W "%h:%p gw\n'))
      expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
      expect((error as Error).message).toMatch(/^Invalid ssh_config ~\/\.ssh\/config: line 3: cannot parse/)
      expect(error).toMatchObject({ details: { line: 3 } })
    })

    it('rejects a keyword without a value instead of reading the next line as its value', () => {
      const error = errorOf(() => read('Host a\n  User x\nHost\n  User y\n'))
      expect(error).toMatchObject({ code: 'CONFIG_ERROR', message: 'Invalid ssh_config ~/.ssh/config: line 3: Host has no value', details: { line: 3, field: 'Host' } })
    })

    it.each([
      ['an unclosed quote', 'Host a\n  User "x\n', /line 2: cannot parse \(a quote is not closed\)/],
      ['a second value', 'Host a\n  User x y\n', /line 2: User takes one value, not 2/],
      ['an unknown Match criterion', 'Match nonsense x\n', /line 1: Match criterion "nonsense" is not one OpenSSH knows/],
      ['a Match criterion without its argument', 'Match host\n', /line 1: Match host has no argument/],
      ['Match all with other criteria', 'Match all host x\n', /line 1: Match all cannot be combined with other criteria/],
    ])('rejects %s, as OpenSSH does, naming the line', (_case, text, message) => {
      const error = errorOf(() => read(text))
      expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { file: '~/.ssh/config', line: expect.any(Number) } })
      expect((error as Error).message).toMatch(message)
    })

    it('rejects a bad default port', () => {
      const error = errorOf(() => sshConfigNodes('Host a\n', { source: 'cfg', defaults: { port: 0 } }))
      expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'defaults.port' } })
    })
  })
})
