/**
 * Finding the object to describe: `kind/name` as typed, its kind through the resource registry
 * (built-in names without a request, anything else through discovery), and the object itself.
 */
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, type KubeError } from '../errors';
import { objectPath, resolveKind, type KubeObject, type ResourceInfo } from '../registry';

export interface Signal {
  readonly signal?: AbortSignal;
}

export interface ObjectRef {
  /** As typed: "deploy", "deployments", "Deployment", "deployment.apps", "widgets.example.com". */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** "deployment/web" or "pod/web-1" (a bare name is refused: describe needs a kind). */
export function parseObjectRef(text: string, namespace?: string): Result<ObjectRef, KubeError> {
  const slash = text.indexOf('/');
  const kind = text.slice(0, slash);
  const name = text.slice(slash + 1);
  if (slash <= 0 || !name || name.includes('/')) return err(kubeError('invalid', `"${text}" is not <kind>/<name> (for example deployment/web, pod/web-1, secret/db).`));
  return ok({ kind, name, ...(namespace ? { namespace } : {}) });
}

export interface FoundObject {
  readonly info: ResourceInfo;
  /** Where the object lives; undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  /** As read, with apiVersion and kind filled in (a server may leave them out of a GET). */
  readonly object: KubeObject;
}

/** Resolves the kind the user typed and reads the object (in the client's namespace when the ref names none). */
export async function findObject(client: KubeClient, ref: ObjectRef, options: Signal = {}): Promise<Result<FoundObject, KubeError>> {
  const info = await resolveKind(client, ref.kind, options);
  if (!info.ok) return info;
  const namespace = info.value.namespaced ? (ref.namespace ?? client.namespace) : undefined;
  const got = await client.request<KubeObject>({
    method: 'GET',
    path: objectPath(info.value, namespace, ref.name),
    operation: { verb: 'get', resource: info.value.plural, ...(namespace ? { namespace } : {}), name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!got.ok) return got;
  const object = { ...got.value.body, apiVersion: got.value.body.apiVersion ?? info.value.apiVersion, kind: got.value.body.kind ?? info.value.kind };
  return ok({ info: info.value, namespace, object });
}
