import { z } from 'zod'
import { defineCapability } from './capability.js'
import { jsonParams } from './models/json-params.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { idField, limit, targets } from './input-fields.js'
import { Deployment } from './models/deployment.js'
import { aggregated } from './models/source-outcome.js'

const oneDeployment = z.object({ deployment: Deployment })
const application = nameString('Application name')
const environment = nameString('Environment name (production, staging, ...)')

/** Deployment capabilities: ship application versions and roll them back. */
export const deploymentCapabilities = {
  execute: defineCapability({
    id: 'deploy.execute',
    type: 'deployment',
    description: 'Deploy a version of an application to an environment',
    kind: 'action',
    routing: { mode: 'targeted' },
    input: z
      .object({
        application,
        version: nameString('Version to deploy (tag, commit, build number)'),
        environment,
        targets: targets.optional().describe('Nodes to deploy to, when the deployment is node-based'),
        params: jsonParams('Provider-specific parameters').default({}),
      })
      .strict(),
    output: oneDeployment,
  }),
  status: defineCapability({
    id: 'deploy.status',
    type: 'deployment',
    description: 'Get the current state of a deployment',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: z.object({ id: idField('deployment') }).strict(),
    output: oneDeployment,
  }),
  rollback: defineCapability({
    id: 'deploy.rollback',
    type: 'deployment',
    description: 'Roll a deployment back to the version before it, or to a given one',
    kind: 'action',
    routing: { mode: 'prioritised' },
    input: z
      .object({
        id: idField('deployment to roll back'),
        toVersion: nameString('Version to return to; by default the one it replaced').optional(),
      })
      .strict(),
    output: oneDeployment,
  }),
  history: defineCapability({
    id: 'deploy.history',
    type: 'deployment',
    description: 'List past deployments from every deployment plugin',
    kind: 'query',
    routing: { mode: 'aggregate', merge: 'concat' },
    input: z
      .object({
        application: application.optional().describe('Only this application'),
        environment: environment.optional().describe('Only this environment'),
        limit: limit(20, 1000),
      })
      .strict(),
    output: z.object({ deployments: z.array(Deployment).describe('Deployments, newest first') }),
    result: aggregated({ deployments: z.array(Deployment).describe('Deployments of every plugin, each with its source') }),
  }),
} as const

/** What a deployment plugin implements. */
export type DeploymentProvider = ProviderOf<typeof deploymentCapabilities>
