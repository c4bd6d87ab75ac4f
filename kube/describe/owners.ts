/** The chain of controllers above an object (Pod → ReplicaSet → Deployment), read one owner at a time. */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { objectPath, resourceFor, type KubeObject } from '../registry';
import type { Signal } from './discovery';

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface OwnerLink {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Set when the owner could not be read (deleted, forbidden...). */
  readonly missing?: string;
}

function controllerOf(object: KubeObject): OwnerReference | undefined {
  const refs = (object.metadata.ownerReferences as OwnerReference[] | undefined) ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

/** The chain of controllers above an object, nearest first (ReplicaSet, then Deployment). */
export async function ownerChain(client: KubeClient, object: KubeObject, options: Signal & { maxDepth?: number } = {}): Promise<Result<OwnerLink[], KubeError>> {
  const chain: OwnerLink[] = [];
  let current = object;
  for (let depth = 0; depth < (options.maxDepth ?? 5); depth++) {
    const ref = controllerOf(current);
    if (!ref) break;
    const info = await resourceFor(client, ref.apiVersion, ref.kind, options.signal);
    if (!info.ok) {
      chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, missing: info.error.message });
      break;
    }
    const got = await client.request<KubeObject>({
      method: 'GET',
      path: objectPath(info.value, object.metadata.namespace, ref.name),
      operation: { verb: 'get', resource: info.value.plural, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}), name: ref.name },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!got.ok) {
      if (got.error.kind === 'cancelled') return got;
      chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, missing: got.error.kind === 'notFound' ? 'deleted' : got.error.message });
      break;
    }
    chain.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name });
    current = got.value.body;
  }
  return ok(chain);
}
