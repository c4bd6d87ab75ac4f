import { stringify } from 'yaml';
import type { RenderedObject } from './index';

export type RenderFormat = 'yaml' | 'json';

/**
 * Rendered objects as text: YAML documents separated by `---`, or JSON as one Kubernetes `List`
 * (what `kubectl get -o json` prints and `kubectl apply -f` accepts). YAML is empty text for no objects.
 */
export function formatRendered(objects: readonly RenderedObject[], format: RenderFormat): string {
  if (format === 'json') {
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.object) }, null, 2) + '\n';
  }
  return objects.map((o) => stringify(o.object, { aliasDuplicateObjects: false, lineWidth: 0 })).join('---\n');
}
