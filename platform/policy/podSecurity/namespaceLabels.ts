/**
 * Namespace labels as the plugin reads them, from Namespace objects of the workspace or of a
 * cluster (a `kubectl get namespaces -o yaml` list counts as well): only string values, and only
 * the labels Pod Security reads are kept.
 */
import { asArray, asObject, asString, type Obj } from '../../rules/values';
import { POLICY_LABELS } from './levels';

export type Labels = Readonly<Record<string, string>>;

/** Label values are at most 63 characters; anything longer is cut for display and is invalid anyway. */
const MAX_LABEL_VALUE = 256;

/** The Pod Security labels of a Namespace object (empty when it has none). */
export function policyLabelsOf(namespace: Obj): Labels {
  const labels = asObject(asObject(namespace.metadata)?.labels) ?? {};
  const out: Record<string, string> = {};
  for (const key of POLICY_LABELS) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const value = labels[key];
    if (typeof value === 'string') out[key] = value.slice(0, MAX_LABEL_VALUE);
  }
  return out;
}

/** Namespace objects among parsed values: Namespaces themselves and the items of a List or NamespaceList. */
export function namespaceObjects(values: readonly unknown[]): { name: string; object: Obj }[] {
  const out: { name: string; object: Obj }[] = [];
  const visit = (value: unknown, depth: number): void => {
    const object = asObject(value);
    if (!object) return;
    const kind = asString(object.kind);
    if (kind === 'Namespace' && object.apiVersion === 'v1') {
      const name = asString(asObject(object.metadata)?.name);
      if (name) out.push({ name, object });
    } else if ((kind === 'List' || kind === 'NamespaceList') && object.apiVersion === 'v1' && depth === 0) {
      for (const item of asArray(object.items)) {
        // Items of a NamespaceList may leave out apiVersion and kind.
        const itemObject = asObject(item);
        visit(kind === 'NamespaceList' && itemObject && itemObject.kind === undefined ? { ...itemObject, apiVersion: 'v1', kind: 'Namespace' } : item, depth + 1);
      }
    }
  };
  for (const value of values) visit(value, 0);
  return out;
}

/** Each namespace's Pod Security labels, by name (the first object of a name wins). */
export function namespaceLabelsFrom(values: readonly unknown[]): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const { name, object } of namespaceObjects(values)) if (!out.has(name)) out.set(name, policyLabelsOf(object));
  return out;
}

/** Namespace names are DNS labels. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** More namespaces than any cluster has: the rest of a larger message is ignored. */
const MAX_NAMESPACES = 100_000;

/**
 * Labels by namespace from an untrusted message (`{ name: { label: value } }`): entries that are
 * not a namespace name with string labels are left out, and only the Pod Security labels kept.
 */
export function namespaceLabelsFromMessage(raw: unknown): Map<string, Labels> {
  const out = new Map<string, Labels>();
  const entries = Object.entries(asObject(raw) ?? {});
  for (const [name, labels] of entries.slice(0, MAX_NAMESPACES)) {
    if (!NAMESPACE_NAME.test(name) || !asObject(labels)) continue;
    out.set(name, policyLabelsOf({ metadata: { labels } }));
  }
  return out;
}
