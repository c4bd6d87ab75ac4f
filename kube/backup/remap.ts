/**
 * A backup's objects made ready for the target cluster (pure): moved to another namespace, the
 * namespaces they need added, API versions the target no longer serves converted where the
 * replacement takes the same fields, refused (naming the replacement) where it does not.
 */
import type { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import type { KubeObject } from '../objects';
import type { SecretRef } from './manifest';

/** The label the API server puts on every Namespace: its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Objects moved from `from` to `to`: their namespace, a Namespace object's name, and RoleBinding subjects in it. */
export function remapNamespace(objects: readonly KubeObject[], from: string, to: string): KubeObject[] {
  return objects.map((original) => {
    const object = JSON.parse(JSON.stringify(original)) as KubeObject;
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      if (object.metadata.name === from) {
        object.metadata.name = to;
        if (object.metadata.labels?.[NAMESPACE_NAME_LABEL] !== undefined) object.metadata.labels[NAMESPACE_NAME_LABEL] = to;
      }
      return object;
    }
    if (object.metadata.namespace === from) object.metadata.namespace = to;
    const subjects = object['subjects'];
    if ((object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') && Array.isArray(subjects)) {
      for (const s of subjects as { namespace?: unknown }[]) if (s && s.namespace === from) s.namespace = to;
    }
    return object;
  });
}

export function remapSecrets(secrets: readonly SecretRef[], from: string, to: string): SecretRef[] {
  return secrets.map((s) => (s.namespace === from ? { ...s, namespace: to } : s));
}

/** A Namespace object for each namespace the objects are in that the backup does not itself hold. */
export function withNamespaces(objects: readonly KubeObject[], namespaces: readonly string[]): KubeObject[] {
  const held = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const needed = new Set([...namespaces, ...objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n)]);
  const added = [...needed].filter((n) => !held.has(n)).sort().map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  return [...added, ...objects];
}

export interface VersionRefusal {
  readonly object: string;
  readonly message: string;
}

/**
 * Objects of API versions removed at `targetMinor` get the replacement's when the move needs no
 * field changes (the table has no notes for it); otherwise each is refused with the replacement
 * and the changes it needs named.
 */
export function convertRemovedApis(objects: readonly KubeObject[], table: ApiLifecycleTable, targetMinor: string): { objects: KubeObject[]; converted: string[]; refused: VersionRefusal[] } {
  const out: KubeObject[] = [];
  const converted: string[] = [];
  const refused: VersionRefusal[] = [];
  for (const object of objects) {
    const status = table.statusAt(object.apiVersion, object.kind, targetMinor);
    if (!status || status.state !== 'removed') {
      out.push(object);
      continue;
    }
    const id = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
    const { replacement, notes } = status.entry;
    if (!replacement) {
      refused.push({ object: id, message: `${object.apiVersion} ${object.kind} is not served from Kubernetes ${status.entry.removedIn} and has no replacement${notes ? `: ${notes}` : ''}` });
      continue;
    }
    if (notes) {
      refused.push({ object: id, message: `${object.apiVersion} ${object.kind} is not served by Kubernetes ${targetMinor}; rewrite it as ${replacement.apiVersion} ${replacement.kind}: ${notes}` });
      continue;
    }
    out.push({ ...object, apiVersion: replacement.apiVersion, kind: replacement.kind });
    converted.push(`${id}: ${object.apiVersion} → ${replacement.apiVersion}`);
  }
  return { objects: out, converted, refused };
}
