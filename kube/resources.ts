/**
 * From an object's apiVersion and kind to its REST path: API discovery (one request per
 * group/version, cached per client), so CRDs and kinds added by the cluster work too.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';

export interface ResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name, e.g. deployments. */
  readonly plural: string;
  readonly namespaced: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string; uid?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

const cache = new WeakMap<KubeClient, Map<string, Promise<Result<ApiResourceList, KubeError>>>>();

/** The collection path: /api/v1/namespaces/ns/pods or /apis/apps/v1/deployments. */
export function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const base = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  return info.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}

export function objectPath(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}

/** Forgets discovery (after CRDs were created, say). */
export function forgetDiscovery(client: KubeClient): void {
  cache.delete(client);
}

export async function resourceFor(client: KubeClient, apiVersion: string, kind: string, signal?: AbortSignal): Promise<Result<ResourceInfo, KubeError>> {
  let perClient = cache.get(client);
  if (!perClient) cache.set(client, (perClient = new Map()));
  let list = perClient.get(apiVersion);
  if (!list) {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    list = client
      .request<ApiResourceList>({ method: 'GET', path, operation: { verb: 'get', resource: `API group ${apiVersion}` }, ...(signal ? { signal } : {}) })
      .then((r) => (r.ok ? ok(r.value.body) : r));
    perClient.set(apiVersion, list);
  }
  const resolved = await list;
  if (!resolved.ok) {
    perClient.delete(apiVersion);
    if (resolved.error.kind === 'notFound') {
      return err(kubeError('notFound', `The cluster (context "${client.context}") does not serve ${apiVersion}; is the API version right, or is its CRD missing?`));
    }
    return resolved;
  }
  const found = resolved.value.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
  if (!found) {
    perClient.delete(apiVersion);
    return err(kubeError('notFound', `The cluster (context "${client.context}") has no kind ${kind} in ${apiVersion}; is its CRD installed?`));
  }
  return ok({ apiVersion, kind, plural: found.name, namespaced: found.namespaced });
}
