/**
 * The one map from kinds to REST paths. API discovery (one request per group/version, cached per
 * client) answers for every kind the cluster serves, CRDs included; one static table of the
 * built-in kinds answers when discovery cannot be read and for the names people type
 * (`deploy`, `po`, `svc`, `deployment.apps`). Every `/api/...` and `/apis/...` path is built here.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import type { KubeObject } from './objects';

/** Call sites name the object shape with the registry they resolve it through. */
export type { KubeObject };

export interface ResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name, e.g. deployments. */
  readonly plural: string;
  readonly namespaced: boolean;
}


/** A subresource of one object, as the API names it. */
export type Subresource = 'log' | 'scale' | 'status' | 'eviction' | 'token' | 'rollback' | 'exec' | 'portforward';

interface BuiltInKind extends ResourceInfo {
  /** What kubectl accepts besides the plural and the kind: the singular and short names. */
  readonly names: readonly string[];
}

const BUILT_IN = [
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, names: ['pod', 'po'] },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true, names: ['service', 'svc'] },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, names: ['configmap', 'cm'] },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, names: ['secret'] },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, names: ['serviceaccount', 'sa'] },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, names: ['persistentvolumeclaim', 'pvc'] },
  { apiVersion: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true, names: ['event', 'ev'] },
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, names: ['namespace', 'ns'] },
  { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, names: ['node', 'no'] },
  { apiVersion: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, names: ['persistentvolume', 'pv'] },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, names: ['deployment', 'deploy'] },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, names: ['replicaset', 'rs'] },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, names: ['statefulset', 'sts'] },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, names: ['daemonset', 'ds'] },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true, names: ['controllerrevision'] },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, names: ['job'] },
  { apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, names: ['cronjob', 'cj'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, names: ['ingress', 'ing'] },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, names: ['horizontalpodautoscaler', 'hpa'] },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, names: ['endpointslice'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true, names: ['role'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, names: ['rolebinding'] },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, names: ['customresourcedefinition', 'crd', 'crds'] },
] as const satisfies readonly BuiltInKind[];

/** A kind the static table knows: its path needs no discovery. */
export type BuiltInKindName = (typeof BUILT_IN)[number]['kind'];

function info(k: BuiltInKind): ResourceInfo {
  return { apiVersion: k.apiVersion, kind: k.kind, plural: k.plural, namespaced: k.namespaced };
}

/** A built-in kind's resource, without asking the cluster: `collectionPath(staticResource('Pod'), ns)`. */
export function staticResource(kind: BuiltInKindName): ResourceInfo {
  return info(BUILT_IN.find((k) => k.kind === kind)!);
}

/**
 * The built-in kind a name, plural or short name means, ignoring a matching group suffix
 * (`deploy`, `deployments`, `Deployment`, `deployment.apps`); undefined for anything else.
 */
export function knownKind(text: string): ResourceInfo | undefined {
  const lower = text.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  for (const k of BUILT_IN as readonly BuiltInKind[]) {
    const kGroup = k.apiVersion.includes('/') ? k.apiVersion.split('/')[0]! : '';
    if (group && group !== kGroup) continue;
    if (k.names.includes(base!) || k.plural === base || k.kind.toLowerCase() === base) return info(k);
  }
  return undefined;
}

/** The discovery document of one group/version: /api/v1 or /apis/apps/v1. */
function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection path: /api/v1/namespaces/ns/pods or /apis/apps/v1/deployments. */
export function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const base = groupVersionPath(info.apiVersion);
  return info.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}

/** One object's path, or one of its subresources (`objectPath(pods, ns, 'web-1', 'log')`). */
export function objectPath(info: ResourceInfo, namespace: string | undefined, name: string, subresource?: Subresource): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

// ---------- discovery ----------

interface DiscoveredResource {
  name: string;
  singularName?: string;
  shortNames?: string[];
  kind: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: DiscoveredResource[];
}

interface Signal {
  readonly signal?: AbortSignal;
}

const cache = new WeakMap<KubeClient, Map<string, Promise<Result<ApiResourceList, KubeError>>>>();

/** Forgets discovery (after CRDs were created, say). */
export function forgetDiscovery(client: KubeClient): void {
  cache.delete(client);
}

/** One group/version's resources, asked once per client; failures are not kept. */
async function discover(client: KubeClient, apiVersion: string, signal?: AbortSignal): Promise<Result<ApiResourceList, KubeError>> {
  let perClient = cache.get(client);
  if (!perClient) cache.set(client, (perClient = new Map()));
  let list = perClient.get(apiVersion);
  if (!list) {
    list = client
      .request<ApiResourceList>({ method: 'GET', path: groupVersionPath(apiVersion), operation: { verb: 'get', resource: `API group ${apiVersion}` }, ...(signal ? { signal } : {}) })
      .then((r) => (r.ok ? ok(r.value.body) : r));
    perClient.set(apiVersion, list);
  }
  const resolved = await list;
  if (!resolved.ok) perClient.delete(apiVersion);
  return resolved;
}

/** The built-in kind of exactly this apiVersion and kind, if the static table has it. */
function builtIn(apiVersion: string, kind: string): ResourceInfo | undefined {
  const k = (BUILT_IN as readonly BuiltInKind[]).find((b) => b.apiVersion === apiVersion && b.kind === kind);
  return k ? info(k) : undefined;
}

/**
 * Discovery failures after which the object's own request may still succeed: the server answered
 * but would not serve discovery (RBAC, a proxy, an aggregated API down). Unreachable, timed out,
 * unauthorized and cancelled fail the same way for the next request, so they are reported as they are.
 */
const DISCOVERY_UNREADABLE: ReadonlySet<KubeError['kind']> = new Set(['forbidden', 'server', 'invalid']);

/**
 * The resource of an object's apiVersion and kind, as the cluster serves it. When discovery
 * cannot be read (forbidden, a failing proxy) a built-in kind still resolves from the static table;
 * a group/version the cluster says it does not serve is an error.
 */
export async function resourceFor(client: KubeClient, apiVersion: string, kind: string, signal?: AbortSignal): Promise<Result<ResourceInfo, KubeError>> {
  const resolved = await discover(client, apiVersion, signal);
  if (!resolved.ok) {
    if (resolved.error.kind === 'notFound') {
      return err(kubeError('notFound', `The cluster (context "${client.context}") does not serve ${apiVersion}; is the API version right, or is its CRD missing?`));
    }
    const fallback = DISCOVERY_UNREADABLE.has(resolved.error.kind) ? builtIn(apiVersion, kind) : undefined;
    return fallback ? ok(fallback) : resolved;
  }
  const found = resolved.value.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
  if (!found) {
    cache.get(client)?.delete(apiVersion);
    return err(kubeError('notFound', `The cluster (context "${client.context}") has no kind ${kind} in ${apiVersion}; is its CRD installed?`));
  }
  return ok({ apiVersion, kind, plural: found.name, namespaced: found.namespaced });
}

/**
 * The kind named `text` as a user types it: a built-in one (no request), else through API
 * discovery of every group (CRDs too, by plural, singular, kind or short name).
 */
export async function resolveKind(client: KubeClient, text: string, options: Signal = {}): Promise<Result<ResourceInfo, KubeError>> {
  const known = knownKind(text);
  if (known) return ok(known);
  const lower = text.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  const groups = await client.request<{ groups?: { name: string; preferredVersion?: { groupVersion: string } }[] }>({
    method: 'GET',
    path: '/apis',
    operation: { verb: 'get', resource: 'API groups' },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!groups.ok) return groups;
  const candidates = ['v1', ...(groups.value.body.groups ?? []).filter((g) => !group || g.name === group).map((g) => g.preferredVersion?.groupVersion).filter((v): v is string => !!v)];
  for (const gv of candidates) {
    if (gv === 'v1' && group) continue;
    const list = await discover(client, gv, options.signal);
    if (!list.ok) continue;
    const found = list.value.resources?.find((r) => !r.name.includes('/') && (r.name === base || r.singularName === base || r.kind.toLowerCase() === base || r.shortNames?.includes(base!)));
    if (found) return ok({ apiVersion: gv, kind: found.kind, plural: found.name, namespaced: found.namespaced });
  }
  return err(kubeError('notFound', `The cluster (context "${client.context}") has no resource type "${text}".`));
}
