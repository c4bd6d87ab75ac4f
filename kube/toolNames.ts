/**
 * Names from documents and kubeconfigs that Berth hands to kind and kwokctl, joins into paths
 * (kwokctl keeps a cluster in <workdir>/clusters/<name> and deletes that folder), puts into
 * kubeconfig entries or into node names and label selectors. Each must be a DNS-1123 label,
 * checked here before anything runs: `../../x` would otherwise name a folder to delete.
 */
import { err, ok, type Result } from '../platform/result';
import { DNS_LABEL_RULE, isDnsLabel } from '../platform/validate/kubernetesNames';
import { kubeError, type KubeError } from './errors';

/** `value` when it is a DNS-1123 label; else an `invalid` error naming the field and the rule. */
export function dnsLabel(value: unknown, field: string): Result<string, KubeError> {
  if (typeof value === 'string' && isDnsLabel(value)) return ok(value);
  // JSON quoting shows control characters and quotes escaped: the value is data, not text.
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
  return err(kubeError('invalid', `${field} ${shown} is not ${DNS_LABEL_RULE}: Berth passes it to tools, paths and kubeconfig entries, so it refuses it before running anything.`));
}

/** The first failure of several checks, or the checked values. */
export function allDnsLabels(checks: readonly (readonly [value: unknown, field: string])[]): Result<string[], KubeError> {
  const values: string[] = [];
  for (const [value, field] of checks) {
    const checked = dnsLabel(value, field);
    if (!checked.ok) return checked;
    values.push(checked.value);
  }
  return ok(values);
}
