import { checkPermission, type AccessResource, type KubeClient } from '../../../kube';
import { reportProblem } from './feedback';
import type { CommandDeps } from './deps';

/**
 * Asks the server whether the action is allowed before a command attempts it; when it is not,
 * says which verb on which resource to ask for, and the command stops before prompting for
 * anything. A review that cannot be asked lets the command go on: the server decides then.
 */
export async function allowedOrExplained(deps: Pick<CommandDeps, 'prompts' | 'log'>, client: KubeClient, verb: string, resource: AccessResource, options: { namespace?: string; name?: string } = {}): Promise<boolean> {
  const permission = await checkPermission(client, verb, resource, options);
  if (!permission.ok) {
    deps.log.debug(`permission check for ${verb} ${resource.resource} could not be asked: ${permission.error.message}`);
    return true;
  }
  if (permission.value.allowed) return true;
  await reportProblem(deps, `${permission.value.message}${permission.value.reason ? ` (${permission.value.reason})` : ''}`);
  return false;
}
