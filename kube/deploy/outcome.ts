/**
 * Whether a server-side apply changed an object, from the object before (a GET) and the apply's
 * answer. A new resourceVersion alone does not say so: a controller may write between the GET and
 * the apply (the Deployment controller's status and revision annotation, right after a rollout),
 * and that is not the user's change. So, when both sides carry a generation (objects with a spec
 * the server versions), the apply changed something only if the generation moved or a label or
 * annotation the applied object sets (or one that disappeared) differs. Objects without a
 * generation (ConfigMaps, Secrets, Services) are rarely written by controllers: any new
 * resourceVersion counts.
 */
import type { KubeObject } from '../registry';

type Metadata = KubeObject['metadata'] & { generation?: number };

export function applyChanged(before: KubeObject, after: KubeObject, applied: KubeObject): boolean {
  const was = before.metadata as Metadata;
  const now = after.metadata as Metadata;
  if (now.resourceVersion === was.resourceVersion) return false;
  if (typeof was.generation !== 'number' || typeof now.generation !== 'number') return true;
  if (now.generation !== was.generation) return true;
  return mapChanged(was.labels, now.labels, applied.metadata.labels) || mapChanged(was.annotations, now.annotations, applied.metadata.annotations);
}

/** A key the apply sets that changed value, or a key that is gone (the apply dropped a field it owned). */
function mapChanged(before: Record<string, string> | undefined, after: Record<string, string> | undefined, applied: Record<string, string> | undefined): boolean {
  const was = before ?? {};
  const now = after ?? {};
  const set = applied ?? {};
  if (Object.keys(set).some((key) => was[key] !== now[key])) return true;
  return Object.keys(was).some((key) => !(key in now));
}
