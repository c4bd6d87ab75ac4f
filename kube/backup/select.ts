/**
 * What a backup keeps (pure): which kinds are read, which live objects are left out because a
 * controller or the cluster itself makes them again (ReplicaSets and Pods of a Deployment, Jobs
 * of a CronJob, Endpoints, a namespace's default ServiceAccount and CA ConfigMap), and each kept
 * object as a clean manifest: the one stripper's output, without the values the cluster assigned
 * (a Service's cluster IP and node ports, a claim's bound volume, owner references to objects
 * that will not exist after a restore, the rules an aggregated ClusterRole gathers).
 */
import { withoutServerFields, type KubeObject } from '../objects';

/** The kinds a backup reads, in the group/version it asks for them. Endpoints, EndpointSlices and Events are never saved. */
export const BACKUP_KINDS: readonly { readonly apiVersion: string; readonly kind: string }[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'v1', kind: 'LimitRange' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
];

/** Secrets the cluster writes for itself: restoring them would be wrong, backing them up pointless. */
const CLUSTER_SECRET_TYPES = new Set(['kubernetes.io/service-account-token']);

interface OwnerReference {
  readonly controller?: boolean;
}

/** Why a live object is not saved (a controller or the cluster re-creates it); undefined when it is saved. */
export function leftOutBecause(object: KubeObject): string | undefined {
  const owners = (object.metadata['ownerReferences'] as OwnerReference[] | undefined) ?? [];
  if (Array.isArray(owners) && owners.some((o) => o?.controller === true)) return 'made by its controller';
  const name = object.metadata.name;
  if (object.kind === 'ServiceAccount' && name === 'default') return "the namespace's own service account";
  if (object.kind === 'ConfigMap' && (name === 'kube-root-ca.crt' || name === 'openshift-service-ca.crt')) return "the cluster's CA bundle";
  if (object.kind === 'Secret' && CLUSTER_SECRET_TYPES.has(String(object['type']))) return 'a service account token';
  return undefined;
}

/** Annotations a PersistentVolumeClaim gets from the binder and provisioner, not from its author. */
const CLAIM_BINDING_ANNOTATIONS = [
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
];

/** The object as a manifest to re-create it from: server-kept fields stripped, cluster-assigned values removed. */
export function cleanForBackup(object: KubeObject): KubeObject {
  const { apiVersion, kind, ...fields } = withoutServerFields(object, 'show') as KubeObject;
  // apiVersion and kind first, as people write manifests.
  const clean: KubeObject = { apiVersion, kind, ...fields } as KubeObject;
  const metadata = clean.metadata as Record<string, unknown>;
  delete metadata['ownerReferences'];
  delete metadata['generateName'];
  const spec = clean['spec'] as Record<string, unknown> | undefined;
  if (clean.kind === 'Service' && spec && typeof spec === 'object') {
    if (spec['clusterIP'] !== 'None') {
      delete spec['clusterIP'];
      delete spec['clusterIPs'];
    }
    delete spec['healthCheckNodePort'];
    if (Array.isArray(spec['ports'])) spec['ports'] = (spec['ports'] as Record<string, unknown>[]).map(({ nodePort: _assigned, ...port }) => port);
  }
  if (clean.kind === 'PersistentVolumeClaim' && spec && typeof spec === 'object') {
    delete spec['volumeName'];
    const annotations = metadata['annotations'] as Record<string, unknown> | undefined;
    if (annotations) {
      for (const key of CLAIM_BINDING_ANNOTATIONS) delete annotations[key];
      if (Object.keys(annotations).length === 0) delete metadata['annotations'];
    }
  }
  if (clean.kind === 'Pod' && spec && typeof spec === 'object') delete spec['nodeName'];
  // An aggregated ClusterRole's rules are the aggregation controller's: it fills them on the target.
  if (clean.kind === 'ClusterRole' && clean['aggregationRule'] !== undefined) delete clean['rules'];
  return clean;
}

/** What `berth backup` was asked to save. */
export type BackupSelection =
  | { readonly type: 'application'; readonly name: string }
  | { readonly type: 'namespace'; readonly name: string }
  | { readonly type: 'selector'; readonly selector: string };

/** The label Berth's deploy puts on every object it applies for an Application. */
const APPLICATION_LABEL = 'berth.dev/application';

/** The label selector a selection lists with; undefined for a whole namespace. */
export function selectorOf(selection: BackupSelection): string | undefined {
  if (selection.type === 'application') return `${APPLICATION_LABEL}=${selection.name}`;
  if (selection.type === 'selector') return selection.selector;
  return undefined;
}

/** A DNS-1123 label (namespaces) or subdomain (Applications): what the API accepts as those names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A selection from the command line: `checkout`, `namespace/shop` (`ns/shop`), or a `-l` selector. */
export function parseSelection(target: string | undefined, selector: string | undefined): { selection: BackupSelection } | { error: string } {
  if (selector !== undefined) {
    if (target !== undefined) return { error: 'name an Application or a namespace, or give -l, not both' };
    if (!selector.trim() || selector.length > 1024 || /[\u0000-\u001f\u007f]/.test(selector)) return { error: `"${selector.slice(0, 80)}" is not a label selector` };
    return { selection: { type: 'selector', selector } };
  }
  if (target === undefined) return { error: 'name what to back up: an Application, namespace/NAME, or -l SELECTOR' };
  const slash = target.indexOf('/');
  if (slash >= 0) {
    const kind = target.slice(0, slash).toLowerCase();
    const name = target.slice(slash + 1);
    if (kind !== 'namespace' && kind !== 'ns' && kind !== 'namespaces') return { error: `"${target}": only namespace/NAME may name a kind; an Application is named alone` };
    if (!DNS_LABEL.test(name)) return { error: `"${name}" is not a namespace name` };
    return { selection: { type: 'namespace', name } };
  }
  if (!DNS_SUBDOMAIN.test(target)) return { error: `"${target}" is not an Application name` };
  return { selection: { type: 'application', name: target } };
}

export function describeSelection(selection: BackupSelection): string {
  if (selection.type === 'application') return `Application ${selection.name}`;
  if (selection.type === 'namespace') return `namespace ${selection.name}`;
  return `objects labelled ${selection.selector}`;
}
