/** The Clusters view's Helm rows as command arguments (VS Code passes the clicked node). */
import type { HelmReleaseNode, HelmRevisionNode } from '../../views/clusters/node';

export function helmReleaseOf(arg: unknown): HelmReleaseNode | undefined {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'helmRelease' ? (arg as HelmReleaseNode) : undefined;
}

export function helmRevisionOf(arg: unknown): HelmRevisionNode | undefined {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'helmRevision' ? (arg as HelmRevisionNode) : undefined;
}
