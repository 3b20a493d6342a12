import { createCapstan } from 'capstan'
import { sshPlugin } from '@capstan/plugin-ssh'

// Two "hosts": the two OpenSSH servers test/infra/start-sshd.sh starts.
const infra = '/tmp/capstan-infra/sshd'
const capstan = await createCapstan({
  plugins: [
    sshPlugin({
      hosts: [
        { name: 'web1', host: '127.0.0.1', port: 2222, groups: ['web'] },
        { name: 'web2', host: '127.0.0.1', port: 2223, groups: ['web'] },
      ],
      user: 'capstan',
      privateKeyPath: `${infra}/client`,
      knownHosts: `${infra}/known_hosts`,
    }),
  ],
})
try {
  // Output streams per node as it arrives; a failing node is a result, not an exception.
  const run = capstan.command.execute({ targets: 'web*', command: 'uname -s; sleep 1; echo "done on $(hostname)" >&2' })
  for await (const event of run) {
    if (event.type === 'node:output') process.stdout.write(`${event.node} ${event.stream}: ${event.chunk}`)
  }
  for (const node of (await run.result).nodes) console.log(`${node.node}: ${node.status} ${node.exitCode}`)

  const { facts } = await capstan.facts.get('web1')
  console.log('web1 runs', (facts.os as { name: string }).name, 'kernel', facts.kernelrelease)

  const { nodes } = await capstan.packages.list({ targets: 'web1', filter: 'openssh*' })
  for (const pkg of nodes[0]?.packages ?? []) console.log(`${pkg.name} ${pkg.version} (${nodes[0]?.manager})`)
} finally {
  await capstan.close()
}
