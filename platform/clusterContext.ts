/**
 * Which kubeconfig context a Cluster document stands for. kwokctl and kind name the context they
 * write `<provider>-<name>`; a registered Cluster adopts the context its `registered.context` names.
 * One rule for provisioning, deploying to a Cluster by name and the views that match contexts to
 * Cluster documents.
 */

export type ProvisionedProvider = 'kwok' | 'kind';

export function provisionedContextName(provider: ProvisionedProvider, name: string): string {
  return `${provider}-${name}`;
}

/** Text fit for a context name or a path: non-empty, without control characters. */
export function usableName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(value);
}

/** A registered Cluster's `spec.registered.context`, when it is usable as a context name. */
export function registeredContext(spec: unknown): string | undefined {
  const registered = isRecord(spec) ? spec['registered'] : undefined;
  const context = isRecord(registered) ? registered['context'] : undefined;
  return usableName(context) ? context : undefined;
}

/** The context of a Cluster with this provider, name and spec; undefined for providers that name none. */
export function clusterContextOf(provider: unknown, name: string, spec: unknown): string | undefined {
  if (provider === 'kwok' || provider === 'kind') return provisionedContextName(provider, name);
  if (provider === 'registered') return registeredContext(spec);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
