import { stringify } from 'yaml';
import type { RenderedObject } from './renderedObject';

export type RenderFormat = 'yaml' | 'json';

/**
 * Rendered objects as text: YAML documents separated by `---`, or JSON as one Kubernetes `List`
 * (what `kubectl get -o json` prints and `kubectl apply -f` accepts). YAML is empty text for no objects.
 * In YAML, the objects of a multi-cluster Application start each cluster's group with a
 * `# Cluster: <name>` comment line; in JSON their `berth.dev/cluster` annotation says it.
 */
export function formatRendered(objects: readonly RenderedObject[], format: RenderFormat): string {
  if (format === 'json') {
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.object) }, null, 2) + '\n';
  }
  return objects.map((o, i) => clusterHeading(o, objects[i - 1]) + objectAsYaml(o.object)).join('---\n');
}

/** `# Cluster: <name>` before the first object of a cluster's group; nothing for other objects. */
function clusterHeading(object: RenderedObject, previous: RenderedObject | undefined): string {
  if (object.cluster === undefined) return '';
  if (previous && previous.source === object.source && previous.cluster === object.cluster) return '';
  return `# Cluster: ${printableName(object.cluster)}\n`;
}

/** A cluster name as read from the file, unless it could break the comment line or the terminal: then quoted with escapes. */
function printableName(name: string): string {
  if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) return name;
  return JSON.stringify(name).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
