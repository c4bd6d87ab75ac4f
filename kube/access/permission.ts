/**
 * One action checked before it is attempted, so a command can say what is missing instead of
 * failing half-way: a SelfSubjectAccessReview, and the sentence for a refusal.
 */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import type { ResourceInfo } from '../registry';
import { denialMessage, type AccessResource } from './matrix';
import { reviewAccess } from './reviews';

export type Permission = { readonly allowed: true } | { readonly allowed: false; readonly message: string; readonly reason?: string };

/** The RBAC resource of a kind the registry resolved (`apps/v1` Deployment → apps, deployments). */
export function accessResourceOf(info: ResourceInfo, subresource?: string): AccessResource {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0]! : '';
  return { group, resource: info.plural, ...(subresource ? { subresource } : {}) };
}

/** Whether the caller may `verb` the resource (in `namespace`, optionally one named object). */
export async function checkPermission(
  client: KubeClient,
  verb: string,
  resource: AccessResource,
  options: { namespace?: string; name?: string; signal?: AbortSignal } = {},
): Promise<Result<Permission, KubeError>> {
  const answer = await reviewAccess(
    client,
    {
      verb,
      group: resource.group,
      resource: resource.resource,
      ...(resource.subresource ? { subresource: resource.subresource } : {}),
      ...(options.name ? { name: options.name } : {}),
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
    options.signal ? { signal: options.signal } : {},
  );
  if (!answer.ok) return answer;
  if (answer.value.allowed) return ok({ allowed: true });
  return ok({ allowed: false, message: denialMessage(verb, resource, options.namespace), ...(answer.value.reason ? { reason: answer.value.reason } : {}) });
}
