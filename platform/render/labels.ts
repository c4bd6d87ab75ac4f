import { asObject, asString, type Obj } from '../rules/values';

/** Labels and names shared by everything an Application renders to. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const APPLICATION_LABEL = 'berth.dev/application';
export const TRACK_LABEL = 'berth.dev/track';
export const COLOR_LABEL = 'berth.dev/color';
export const NODEPOOL_LABEL = 'berth.dev/nodepool';
/** The role every simulated node carries (shown by `kubectl get nodes`). */
export const KWOK_NODE_ROLE_LABEL = 'node-role.kubernetes.io/agent';
/** kwok takes over every Node annotated with this key and the value `fake`. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
/** On an Application with `release.strategy: blueGreen`: which colour the Service selects (default blue). */
export const ACTIVE_COLOR_ANNOTATION = 'berth.dev/active-color';
/** The cluster an object rendered from a multi-cluster Application is for (the same annotation names a manifest's target Cluster). */
export const CLUSTER_ANNOTATION = 'berth.dev/cluster';

/** A string map from YAML: non-string values are dropped (the schema reports them). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value) ?? {})) {
    if (typeof entry === 'string') out[key] = entry;
  }
  return out;
}

export function nameOf(manifest: Obj): string | undefined {
  return asString(asObject(manifest['metadata'])?.['name']);
}
