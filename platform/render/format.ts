import { stringify } from 'yaml';
import type { RenderedObject } from './renderedObject';

export type RenderFormat = 'yaml' | 'json';

/**
 * Rendered objects as text: YAML documents separated by `---`, or JSON as one Kubernetes `List`
 * (what `kubectl get -o json` prints and `kubectl apply -f` accepts). YAML is empty text for no objects.
 */
export function formatRendered(objects: readonly RenderedObject[], format: RenderFormat): string {
  if (format === 'json') {
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.object) }, null, 2) + '\n';
  }
  return objects.map((o) => objectAsYaml(o.object)).join('---\n');
}

function objectAsYaml(object: Record<string, unknown>): string {
  try {
    return stringify(object, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nested deeper than the YAML writer's recursion allows: top-level keys stay block YAML,
    // their values are written as JSON, which is YAML too.
    return Object.entries(object)
      .map(([key, value]) => `${key}: ${value !== null && typeof value === 'object' ? JSON.stringify(value) : stringify(value).trim()}`)
      .join('\n') + '\n';
  }
}
