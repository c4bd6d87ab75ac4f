/**
 * Kubernetes objects as deploy, diff, prune and the editor handle them: who an object is (its
 * identity), whether a value is an object the API can take, and the object without what the
 * server keeps for itself. Pure.
 */
/** The shape every Kubernetes object has; the rest is the kind's own. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string; uid?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Who an object is: the same key for the object sent, its result and the live object. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** The identity as one string; the version is left out, as the API serves one object under every version of its group. */
export function objectKey(o: ObjectIdentity): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** Why a value is not a Kubernetes object that can be applied (no apiVersion, kind or metadata.name); undefined when it is. */
export function shapeProblem(value: unknown): string | undefined {
  const o = value as Partial<KubeObject> | null | undefined;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'not an object';
  if (typeof o.apiVersion !== 'string' || !o.apiVersion) return 'no apiVersion';
  if (typeof o.kind !== 'string' || !o.kind) return 'no kind';
  if (typeof o.metadata?.name !== 'string' || !o.metadata.name) return 'no metadata.name (generateName is not supported by apply)';
  return undefined;
}

export function isKubeObject(value: unknown): value is KubeObject {
  return shapeProblem(value) === undefined;
}

/** What an object says of itself, for a result line, even when it is not a valid object. */
export function claimedIdentity(value: unknown): ObjectIdentity {
  const o = value as Partial<KubeObject> | null | undefined;
  const namespace = o?.metadata?.namespace;
  return { apiVersion: String(o?.apiVersion ?? '?'), kind: String(o?.kind ?? '?'), name: String(o?.metadata?.name ?? '?'), ...(namespace ? { namespace } : {}) };
}

/** Metadata the server sets and keeps: ids, versions, timestamps, who wrote which field. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/**
 * Annotations that are bookkeeping rather than intent: kubectl's copy of the last applied object
 * and the Deployment controller's revision counter.
 */
const BOOKKEEPING_ANNOTATIONS = [LAST_APPLIED_ANNOTATION, 'deployment.kubernetes.io/revision'];

/**
 * `show`: for a reader (the deploy diff, an object opened to edit): also without bookkeeping
 * annotations. `compare`: for apply's dry-run verdict (configured or unchanged): every
 * annotation kept, because an annotation the apply would change is a change the apply makes,
 * even kubectl's last-applied copy.
 */
export type StripPurpose = 'show' | 'compare';

/** A copy of the object without server-kept metadata and status; the input is not changed. */
export function withoutServerFields(object: unknown, purpose: StripPurpose = 'show'): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(object ?? {})) as Record<string, unknown>;
  const metadata = copy['metadata'] as Record<string, unknown> | undefined;
  if (metadata && typeof metadata === 'object') {
    for (const key of SERVER_METADATA) delete metadata[key];
    const annotations = metadata['annotations'] as Record<string, unknown> | undefined;
    if (purpose === 'show' && annotations && typeof annotations === 'object') {
      for (const key of BOOKKEEPING_ANNOTATIONS) delete annotations[key];
      if (Object.keys(annotations).length === 0) delete metadata['annotations'];
    }
  }
  delete copy['status'];
  return copy;
}

/** Structural equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
