import { z } from 'zod'

/** Where a deployment is in its life. */
export const DeploymentStatus = z
  .enum(['pending', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'])
  .describe('Where the deployment is in its life')
/** Where a deployment is in its life. */
export type DeploymentStatus = z.infer<typeof DeploymentStatus>

/** One deployment of an application version to an environment. */
export const Deployment = z.object({
  id: z.string().min(1).describe('Deployment id in its provider'),
  application: z.string().min(1).describe('Application deployed'),
  version: z.string().min(1).describe('Version deployed (tag, commit, build number)'),
  environment: z.string().min(1).describe('Environment deployed to (production, staging, ...)'),
  status: DeploymentStatus,
  targets: z.array(z.string()).optional().describe('Ids of the nodes deployed to, when node-based'),
  startedAt: z.string().describe('ISO 8601 time it started'),
  finishedAt: z.string().optional().describe('ISO 8601 time it finished'),
  triggeredBy: z.string().optional().describe('Who or what started it'),
  previousVersion: z.string().optional().describe('Version it replaced; the default rollback target'),
  url: z.string().optional().describe('Link to the deployment in its provider'),
  message: z.string().optional().describe('Provider message (why it failed, ...)'),
  source: z.string().optional().describe('Plugin that reported it; set by the host when lists are merged'),
})
/** One deployment. */
export type Deployment = z.infer<typeof Deployment>
